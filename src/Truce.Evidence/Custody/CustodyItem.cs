using Truce.Evidence.Kinds;

namespace Truce.Evidence.Custody;

/// <summary>One step of a chain of custody: the entry, the party that signed it, and what it says.</summary>
public sealed record CustodyStep(long Index, string Party, CustodyBody Body);

/// <summary>A gap in a chain of custody: its code, the entry where it shows, and what is wrong.</summary>
public sealed record CustodyFlag(string Code, long Entry, string Detail);

/// <summary>The codes of <see cref="CustodyFlag"/>.</summary>
public static class Gaps
{
    /// <summary>A transfer no receipt countersigns (by the party it names).</summary>
    public const string TransferWithoutReceipt = "transfer-without-receipt";

    /// <summary>A step found the seal broken or absent.</summary>
    public const string BrokenSeal = "broken-seal";

    /// <summary>A step names a seal other than the one last put on the item.</summary>
    public const string SealMismatch = "seal-mismatch";

    /// <summary>An examination by a party that had never collected or received the item.</summary>
    public const string ExaminedWithoutCustody = "examined-without-custody";

    /// <summary>A step dated before the step logged before it (or a receipt before its transfer).</summary>
    public const string OutOfOrder = "out-of-order";

    /// <summary>A step after the item was returned or destroyed.</summary>
    public const string AfterDisposal = "after-disposal";
}

/// <summary>
/// A physical item (missile remains, a fragment, a document) and its chain of custody in one audience class's book:
/// the steps in log order, each signed by whoever did it, and the gaps they leave (<see cref="Flags"/>). Its own
/// object per book: the steps are those that book's audience may see, and so are its flags.
/// </summary>
public sealed class CustodyItem(string id, CustodyStep collected)
{
    readonly List<CustodyStep> _steps = [collected];
    IReadOnlyList<CustodyFlag>? _flags;

    public string Id => id;

    public CustodyStep Collected => collected;

    public IReadOnlyList<CustodyStep> Steps => _steps;

    internal void Add(CustodyStep step)
    {
        _steps.Add(step);
        _flags = null;
    }

    /// <summary>Every gap in the chain as this book holds it, in log order of where each shows.</summary>
    public IReadOnlyList<CustodyFlag> Flags() => _flags ??= Find();

    List<CustodyFlag> Find()
    {
        var flags = new List<CustodyFlag>();
        var holders = new HashSet<string>(StringComparer.Ordinal) { collected.Party };
        string? seal = null;
        CustodyStep? previous = null;
        CustodyStep? disposal = null;
        foreach (var s in _steps)
        {
            var b = s.Body;
            if (disposal is not null)
            {
                flags.Add(new(Gaps.AfterDisposal, s.Index, $"{b.Step} after the item was {(disposal.Body.Step == "destroy" ? "destroyed" : "returned")} (entry {disposal.Index})"));
            }
            if (previous is not null && b.At < previous.Body.At)
            {
                flags.Add(new(Gaps.OutOfOrder, s.Index, $"{b.Step} dated {b.At:u}, before the {previous.Body.Step} logged before it ({previous.Body.At:u})"));
            }
            if (b.SealCondition is "broken" or "absent")
            {
                flags.Add(new(Gaps.BrokenSeal, s.Index, $"{s.Party} found the seal {b.SealCondition} at the {b.Step}"));
            }
            if (b.Step != "seal" && b.Seal is { } named && seal is not null && named != seal)
            {
                flags.Add(new(Gaps.SealMismatch, s.Index, $"the {b.Step} names seal '{named}', but the item was sealed with '{seal}'"));
            }
            Step(s, flags, holders, ref seal);
            disposal ??= b.Step is "destroy" or "return" ? s : null;
            previous = s;
        }
        Unreceived(flags);
        flags.Sort((x, y) => x.Entry.CompareTo(y.Entry));
        return flags;
    }

    void Step(CustodyStep s, List<CustodyFlag> flags, HashSet<string> holders, ref string? seal)
    {
        switch (s.Body.Step)
        {
            case "seal":
                seal = s.Body.Seal;
                break;
            case "receive":
                holders.Add(s.Party);
                if (_steps.FirstOrDefault(t => t.Index == s.Body.Transfer) is { } sent && s.Body.At < sent.Body.At)
                {
                    flags.Add(new(Gaps.OutOfOrder, s.Index, $"received {s.Body.At:u}, before it was sent ({sent.Body.At:u}, entry {sent.Index})"));
                }
                break;
            case "examine" when !holders.Contains(s.Party):
                flags.Add(new(Gaps.ExaminedWithoutCustody, s.Index, $"examined by {s.Party}, which never collected or received the item"));
                break;
        }
    }

    void Unreceived(List<CustodyFlag> flags)
    {
        foreach (var t in _steps.Where(t => t.Body.Step == "transfer"))
        {
            if (!_steps.Any(r => r.Body.Step == "receive" && r.Body.Transfer == t.Index && r.Party == t.Body.To))
            {
                flags.Add(new(Gaps.TransferWithoutReceipt, t.Index, $"transferred by {t.Party} to {t.Body.To}, and no receipt signed by {t.Body.To}"));
            }
        }
    }

    /// <summary>Who holds the item after the last step: the collector, then each receiver; null once it is destroyed.</summary>
    public string? Holder
    {
        get
        {
            string? holder = collected.Party;
            foreach (var s in _steps)
            {
                holder = s.Body.Step switch
                {
                    "receive" => s.Party,
                    "destroy" => null,
                    "return" => s.Body.To,
                    _ => holder,
                };
            }
            return holder;
        }
    }
}
