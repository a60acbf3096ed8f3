using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Modules;

/// <summary>
/// Checks and applies a module's entries through its declared kinds, reading each body once: at admission the record
/// read is kept for the commit of the same entry, and otherwise it is read when the entry is first applied and shared,
/// through the entry's <see cref="EntryMemo"/>, with every other book the entry reaches.
/// </summary>
/// <remarks>Used on the sequencer's thread only (admission and commit), like the books it feeds.</remarks>
public sealed class KindDispatch<TBook>(ModuleKinds<TBook> kinds)
{
    static readonly object BodyKey = new();

    // Records read at admission, by index, with the signature that proves a commit at that index is the same entry (an
    // index is given again after a batch fails to commit). Taken by the commit; what a failed batch left is replaced
    // when its indexes are admitted again.
    readonly Dictionary<long, (string Signature, string Kind, object Body)> _admitted = [];
    readonly StringPool _strings = new();

    /// <summary>Admission against the author's book: the author, then the body, then what it refers to, then that the
    /// body has no field its kind does not read (<see cref="FieldTracker"/>). Throws
    /// <see cref="ValidationException"/> naming the field, or <see cref="RefusedException"/>.</summary>
    public void Check(TBook book, long index, Envelope env, JsonElement body, Registry registry)
    {
        var kind = kinds.Of(env.Kind);
        var admission = new CheckContext(index, env, registry);
        kind.Authorize(admission);
        using var fields = FieldTracker.Begin();
        var read = kind.ReadBody(new EntryContext(index, env, _strings, new EntryMemo()), body);
        kind.CheckBody(book, admission, read);
        fields.ThrowIfUnknown(body, env.Kind);
        _admitted[index] = (Signature(env), env.Kind, read);
    }

    /// <summary>Applies a committed entry to one book; <paramref name="memo"/> is the entry's, shared by every book it
    /// is applied to. An erased or withheld body (null) changes nothing. A refusal skips the entry in this book;
    /// anything else propagates.</summary>
    public void Apply(TBook book, long index, Envelope env, JsonElement? body, EntryMemo memo)
    {
        if (body is not { } b)
        {
            _admitted.Remove(index);
            return;
        }
        try
        {
            var kind = kinds.Of(env.Kind);
            var ctx = new EntryContext(index, env, _strings, memo);
            if (!memo.TryGet(BodyKey, out var read))
            {
                memo.Set(BodyKey, read = Read(kind, ctx, b));
            }
            if (read is Unreadable unreadable)
            {
                kinds.Skip(book, index, unreadable.Why);
                return;
            }
            kind.ApplyBody(book, ctx, read);
        }
        catch (ValidationException e)
        {
            kinds.Skip(book, index, e);
        }
    }

    /// <summary>Forgets the records kept from admissions and the strings shared (the module replays from nothing).</summary>
    public void Clear()
    {
        _admitted.Clear();
        _strings.Clear();
    }

    /// <summary>The record admitted for this entry, or its body read now (<see cref="Unreadable"/> if it no longer reads).</summary>
    object Read(EntryKind<TBook> kind, EntryContext ctx, JsonElement body)
    {
        if (_admitted.Remove(ctx.Index, out var pre) && pre.Signature == Signature(ctx.Envelope) && pre.Kind == ctx.Envelope.Kind)
        {
            return pre.Body;
        }
        try
        {
            return kind.ReadBody(ctx, body);
        }
        catch (ValidationException e)
        {
            // Admitted by rules that read it differently: skipped in every book, read no more than once.
            return new Unreadable(e);
        }
    }

    static string Signature(Envelope env) => env.Sig ?? env.Body;

    sealed record Unreadable(ValidationException Why);
}
