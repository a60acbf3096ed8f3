using System.Collections.Frozen;
using Truce.Core.Parties;

namespace Truce.Core.Entries;

/// <summary>The kinds the foundation defines. Later modules (incidents, mine action, movements) add their own.</summary>
public static class EntryKinds
{
    public const string Genesis = "genesis";
    public const string PartyRegister = "party.register";
    public const string KeyAdd = "key.add";
    public const string KeyRevoke = "key.revoke";
    public const string MemberAdd = "member.add";
    public const string MemberRemove = "member.remove";
    public const string Erase = "erase";
    public const string Note = "note";

    /// <summary>A situation report published by a mission party: the digest of the document as published.</summary>
    public const string ReportPublish = "report.publish";

    /// <summary>Registry entries must be public: anyone auditing the log needs them to check every signature.</summary>
    public static bool IsRegistry(string kind) => kind is Genesis or PartyRegister or KeyAdd or KeyRevoke;

    /// <summary>The roles any one of which lets a member submit this kind.</summary>
    public static IReadOnlySet<string>? RolesFor(string kind) => kind switch
    {
        Genesis or PartyRegister => MissionAdmins,
        KeyAdd or KeyRevoke or MemberAdd or MemberRemove or Erase => Admins,
        Note => Anyone,
        ReportPublish => Publishers,
        _ => null,
    };

    static readonly FrozenSet<string> MissionAdmins = FrozenSet.Create(Roles.MissionAdmin);
    static readonly FrozenSet<string> Admins = FrozenSet.Create(Roles.PartyAdmin, Roles.MissionAdmin);
    static readonly FrozenSet<string> Publishers = FrozenSet.Create(Roles.Verifier, Roles.MissionAdmin);
    static readonly FrozenSet<string> Anyone = Roles.All.ToFrozenSet();

    /// <summary>The kinds whose entries change the registry (parties, keys, members).</summary>
    public static bool ChangesRegistry(string kind) => IsRegistry(kind) || kind is MemberAdd or MemberRemove;
}
