using System.CommandLine;
using Truce.Cli.Commands;

namespace Truce.Cli;

public static class Program
{
    public static Task<int> Main(string[] args)
    {
        var root = new RootCommand("Truce: one shared, verifiable record for the parties to a ceasefire and the mission that keeps it.");
        foreach (var c in new[] { DeploymentCommands.Init(), DeploymentCommands.Serve(), DeploymentCommands.Demo(), DeploymentCommands.Rebuild(), DeploymentCommands.Backup(), DeploymentCommands.Restore(), DeploymentCommands.Migrate(),
                     PartyCommands.Keys(), PartyCommands.Party(), PartyCommands.Submit(), PartyCommands.Sign(), MineActionCommands.Safe(), MineActionCommands.Import(), ExportCommand.Create(), FollowCommand.Create(), MirrorCommand.Create(), EvidenceCommands.Create(), VerifyCommand.Create(), WitnessCommand.Create(), TokenCommands.Create(), MemberCommands.Create(), ReportCommand.Create() })
        {
            root.Subcommands.Add(c);
        }
        return root.Parse(args).InvokeAsync();
    }
}
