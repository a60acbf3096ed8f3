using System.Text.Json;
using Truce.Core.Entries;

namespace Truce.Core.Modules;

/// <summary>
/// One entry kind of a module, declared once: who may submit it, how its body reads, what it must find in the author's
/// book, and what it does to a book. Its body is read into a <typeparamref name="TBody"/> once per entry and that record
/// is what <see cref="Check"/> and every book's <see cref="Apply"/> see, so the rules of a kind cannot drift between an
/// admission switch and an apply switch.
/// </summary>
/// <remarks>
/// <para>The record is shared by every audience class's book the entry reaches (<see cref="KindDispatch{TBook}"/>), so
/// it must not change once read: a book that keeps changing state for an entry (consents gathered, people tallied)
/// builds its own object from it.</para>
/// <para>Exceptions are the contract. <see cref="Read"/> and <see cref="Check"/> throw
/// <see cref="ValidationException"/> naming the field, or <see cref="RefusedException"/>. <see cref="Apply"/> is total
/// and deterministic: it throws a <see cref="ValidationException"/> only to say the entry is skipped in this book (its
/// target is not among what this audience may see); anything else is a bug, and stops the deployment
/// (<see cref="ModuleFailedException"/>).</para>
/// </remarks>
public abstract class EntryKind<TBook, TBody>(string name, params string[] roles) : EntryKind<TBook>(name, roles)
    where TBody : class
{
    /// <summary>Reads and validates the body, naming every bad field; depends on the entry and its body alone, so that
    /// admission and every replay read it alike.</summary>
    public abstract TBody Read(EntryContext ctx, JsonElement body);

    /// <summary>What the body must find in the author's book before it is admitted (references, rights).</summary>
    public virtual void Check(TBook book, CheckContext ctx, TBody body)
    {
    }

    /// <summary>Changes one book.</summary>
    public abstract void Apply(TBook book, EntryContext ctx, TBody body);

    internal sealed override object ReadBody(EntryContext ctx, JsonElement body) => Read(ctx, body);

    internal sealed override void CheckBody(TBook book, CheckContext ctx, object body) => Check(book, ctx, (TBody)body);

    internal sealed override void ApplyBody(TBook book, EntryContext ctx, object body) => Apply(book, ctx, (TBody)body);
}

/// <summary>An entry kind whatever its body's type, as a module's table of kinds holds it; declare one through
/// <see cref="EntryKind{TBook, TBody}"/>.</summary>
public abstract class EntryKind<TBook>
{
    private protected EntryKind(string name, string[] roles)
    {
        Name = name;
        AllowedRoles = new HashSet<string>(roles, StringComparer.Ordinal);
    }

    public string Name { get; }

    /// <summary>The roles any one of which lets a member submit this kind.</summary>
    public IReadOnlySet<string> AllowedRoles { get; }

    /// <summary>Refusals that depend on the author alone (only the mission logs an agreement in force), made before
    /// the body is read: an author who may not submit the kind at all is told so, not how its body should look.</summary>
    public virtual void Authorize(CheckContext ctx)
    {
    }

    internal abstract object ReadBody(EntryContext ctx, JsonElement body);

    internal abstract void CheckBody(TBook book, CheckContext ctx, object body);

    internal abstract void ApplyBody(TBook book, EntryContext ctx, object body);
}
