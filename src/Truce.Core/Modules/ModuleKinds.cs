using Truce.Core.Entries;

namespace Truce.Core.Modules;

/// <summary>
/// A module's entry kinds as it declares them (<see cref="EntryKind{TBook, TBody}"/>), by name: the one list the
/// module's kinds and roles come from (<see cref="IModule.Kinds"/>) and the one its entries are dispatched by.
/// </summary>
public sealed class ModuleKinds<TBook>
{
    readonly Dictionary<string, EntryKind<TBook>> _kinds = new(StringComparer.Ordinal);
    readonly Action<TBook, long, ValidationException> _skipped;

    /// <param name="module">The module's name, as <see cref="IModule.Name"/> gives it.</param>
    /// <param name="skipped">Notes in a book that an entry was skipped there (its target is not in that book).</param>
    public ModuleKinds(string module, Action<TBook, long, ValidationException> skipped, params IEnumerable<EntryKind<TBook>> kinds)
    {
        Module = module;
        _skipped = skipped;
        var roles = new Dictionary<string, IReadOnlySet<string>>(StringComparer.Ordinal);
        foreach (var k in kinds)
        {
            if (!_kinds.TryAdd(k.Name, k))
            {
                throw new ArgumentException($"the kind '{k.Name}' is declared twice", nameof(kinds));
            }
            roles[k.Name] = k.AllowedRoles;
        }
        Roles = roles;
    }

    public string Module { get; }

    /// <summary>Each kind with the roles any one of which lets a member submit it.</summary>
    public IReadOnlyDictionary<string, IReadOnlySet<string>> Roles { get; }

    public EntryKind<TBook> Of(string kind) =>
        _kinds.TryGetValue(kind, out var k) ? k : throw new ValidationException("envelope.kind", $"'{kind}' is not a kind of the {Module} module");

    internal void Skip(TBook book, long index, ValidationException why) => _skipped(book, index, why);
}
