namespace Truce.Core.Parties;

/// <summary>Member roles of SPEC §3.2, as they appear in entries and tokens.</summary>
public static class Roles
{
    public const string Reporter = "reporter";
    public const string Verifier = "verifier";
    public const string MineActionOfficer = "mine-action-officer";
    public const string CheckpointOfficer = "checkpoint-officer";
    public const string Analyst = "analyst";
    public const string PartyAdmin = "party-admin";
    public const string MissionAdmin = "mission-admin";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        [Reporter, Verifier, MineActionOfficer, CheckpointOfficer, Analyst, PartyAdmin, MissionAdmin]);
}

/// <summary>Party kinds of SPEC §3.2. The mission kinds see "party" entries of every party.</summary>
public static class PartyKinds
{
    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        ["conflict-party", "peacekeeping-force", "monitoring-centre", "mine-action-authority", "humanitarian-organisation", "public", "mission"]);

    public static bool IsMission(string kind) => kind is "mission" or "peacekeeping-force" or "monitoring-centre";
}
