using System.CommandLine;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

static class DeploymentCommands
{
    public static Command Init()
    {
        var data = Cli.Data();
        var origin = new Option<string>("--origin") { Description = "The log's origin (and key name)", Required = true };
        var name = new Option<string>("--name") { Description = "The deployment's name", DefaultValueFactory = _ => "Truce deployment" };
        return Cli.Command("init", "Create a deployment: log key, mission key, genesis entry, admin token", async (pr, ct) =>
        {
            await using var d = await Deployment.InitAsync(pr.GetValue(data)!, pr.GetValue(origin)!, pr.GetValue(name)!, synthetic: false, time: Cli.Time);
            Console.WriteLine($"created {d.Directory}");
            Console.WriteLine($"log key: {d.Ledger.LogKey}");
            Console.WriteLine($"mission admin token: in {Path.Combine(d.Directory, "keys", "mission-admin.token")} (mode 0600)");
        }, data, origin, name);
    }

    public static Command Backup()
    {
        var data = Cli.Data();
        var output = new Option<string>("--out") { Description = "A new folder for the backup (it holds private keys: keep it like keys/)", Required = true };
        return Cli.Command("backup", "Back up a deployment, online and consistent, while it serves", (pr, ct) =>
        {
            var r = DeploymentBackup.Create(pr.GetValue(data)!, pr.GetValue(output)!, Cli.Time);
            Console.WriteLine($"backed up {r.Size} entries to {r.Directory}");
            return Task.CompletedTask;
        }, data, output);
    }

    public static Command Restore()
    {
        var from = new Option<string>("--from") { Description = "The backup folder", Required = true };
        var data = Cli.Data();
        return Cli.Command("restore", "Restore a backup into a new data folder, and check it", async (pr, ct) =>
        {
            var r = await DeploymentBackup.RestoreAsync(pr.GetValue(from)!, pr.GetValue(data)!);
            Console.WriteLine($"restored {r.Size} entries into {r.Directory}; checkpoint verified, views rebuilt and identical");
        }, from, data);
    }

    public static Command Serve()
    {
        var data = Cli.Data();
        var urls = Cli.Urls();
        return Cli.Command("serve", "Serve a deployment over HTTP", async (pr, ct) =>
        {
            var dir = pr.GetValue(data)!;
            await RunAsync(Task.Run(() => Deployment.Open(dir, Cli.Time), ct), pr.GetValue(urls)!, ct);
        }, data, urls);
    }

    public static Command Demo()
    {
        var data = Cli.Data();
        var urls = Cli.Urls();
        return Cli.Command("demo", "Create the synthetic demo deployment if there is none, and serve it", async (pr, ct) =>
        {
            var dir = pr.GetValue(data)!;
            await RunAsync(Deployment.Exists(dir) ? Task.Run(() => Deployment.Open(dir, Cli.Time), ct)
                : DemoLoader.CreateAsync(dir, new Progress<string>(s => Console.Error.WriteLine($"loading demo: {s}")), Cli.Time), pr.GetValue(urls)!, ct);
        }, data, urls);
    }

    /// <summary>Serves the deployment once it is open; the web stack is built meanwhile (see <see cref="TruceServer"/>).</summary>
    static async Task RunAsync(Task<Deployment> opening, string urls, CancellationToken ct)
    {
        await using var app = TruceServer.Build(opening, urls, quiet: true);
        await using var d = await opening;
        d.Writer.Take($"truce serve at {urls}");
        await app.StartAsync(ct);
        foreach (var url in app.Urls)
        {
            Console.WriteLine($"Truce is serving {d.Directory} at {url}/");
        }
        Console.WriteLine($"log key: {d.Ledger.LogKey}");
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        await app.StopAsync(CancellationToken.None);
    }

    public static Command Rebuild()
    {
        var data = Cli.Data();
        return Cli.Command("rebuild", "Recompute every view from the ledger and check the result is identical", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time);
            d.Writer.Take(WriterLock.ThisCommand()); // it rewrites every view under a server's feet otherwise
            var (before, after) = d.Ledger.Rebuild(new Cli.ProgressBar("rebuild"));
            Console.WriteLine($"views digest before {before}");
            Console.WriteLine($"views digest after  {after}");
            if (before != after)
            {
                Console.Error.WriteLine("truce rebuild: the rebuilt views differ from the ones they replaced");
                throw new VerificationFailed();
            }
            Console.WriteLine("identical");
            // What keeping the visibility rule costs here: each module keeps one book per audience class of its entries.
            foreach (var m in d.Ledger.Modules)
            {
                Console.WriteLine($"{m.Name}: {m.Audiences.Count} audience classes ({m.Audiences.Describe()})");
            }
        }, data);
    }
}
