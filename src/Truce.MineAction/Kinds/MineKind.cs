using NetTopologySuite.Geometries;
using Truce.Core.Entries;
using Truce.Core.Modules;

namespace Truce.MineAction.Kinds;

/// <summary>
/// A mine action kind. Its change to a book is total: an overlay the geometry library cannot compute for a geometry
/// (<see cref="TopologyException"/>) skips the entry in that book, as a target the book lacks does, rather than
/// stopping the deployment over one survey's polygon.
/// </summary>
abstract class MineKind<TBody>(string name, params string[] roles) : EntryKind<MineActionBook, TBody>(name, roles) where TBody : class
{
    public sealed override void Apply(MineActionBook book, EntryContext ctx, TBody body)
    {
        try
        {
            Change(book, ctx, body);
        }
        catch (TopologyException e)
        {
            throw new ValidationException("body", e.Message);
        }
    }

    /// <summary>Changes one book; throws <see cref="ValidationException"/> to skip the entry there.</summary>
    protected abstract void Change(MineActionBook book, EntryContext ctx, TBody body);
}

/// <summary>
/// A kind whose entry adds one record under a new id, kept as read (a task, a visit, a find, an accident, a victim):
/// admission wants the id new and what it names held in the author's book; a book that holds the id already (from an
/// entry the author could not see) skips it.
/// </summary>
abstract class RecordKind<TBody>(string name, string what, Func<MineActionBook, Dictionary<string, TBody>> records, Func<TBody, string> id,
    params string[] roles) : MineKind<TBody>(name, roles) where TBody : class
{
    public sealed override void Check(MineActionBook book, CheckContext ctx, TBody body)
    {
        Refs.Unique(records(book), id(body), what);
        CheckReferences(book, body);
    }

    /// <summary>What the record names that must be in the author's book, each named by its field if not.</summary>
    protected abstract void CheckReferences(MineActionBook book, TBody body);

    protected sealed override void Change(MineActionBook book, EntryContext ctx, TBody body)
    {
        Refs.New(records(book), id(body), what);
        records(book)[id(body)] = body;
    }
}

/// <summary>What admission and the books require of the ids an entry makes and names.</summary>
static class Refs
{
    /// <summary>Admission: the id the entry makes is new in the author's book.</summary>
    public static void Unique<T>(Dictionary<string, T> map, string id, string what)
    {
        if (map.ContainsKey(id))
        {
            throw new ValidationException("body.id", $"{what} '{id}' exists already");
        }
    }

    /// <summary>Admission: what the entry names is in the author's book.</summary>
    public static T Exists<T>(Dictionary<string, T> map, string id, string field, string what) =>
        map.TryGetValue(id, out var v) ? v : throw new ValidationException(field, $"'{id}' is not a {what}");

    /// <summary>
    /// Admission checks an entry against its author's book; another audience's book may lack what it refers to, or
    /// already hold its id from an entry the author could not see. The entry is then skipped in that book (as a log
    /// holding only that audience's entries would skip it), before it changes anything there.
    /// </summary>
    public static T Held<T>(Dictionary<string, T> map, string id, string field) =>
        map.TryGetValue(id, out var v) ? v : throw new ValidationException(field, $"'{id}' is not in this book");

    /// <inheritdoc cref="Held"/>
    public static void New<T>(Dictionary<string, T> map, string id, string what)
    {
        if (map.ContainsKey(id))
        {
            throw new ValidationException("body.id", $"{what} '{id}' is in this book already, from an earlier entry");
        }
    }
}
