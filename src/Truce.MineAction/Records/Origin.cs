using Truce.Core.Access;
using Truce.Ledger.Entries;

namespace Truce.MineAction.Records;

/// <summary>Where a record came from: its entry, the party that signed it, and who may see it (shown with it).</summary>
public sealed record Origin(long Index, string Party, Visibility Visibility, IReadOnlyList<string> To, DateTimeOffset Logged)
{
    public static Origin Of(long index, Envelope env) => new(index, env.Party, env.Visibility, env.To, env.Time);
}
