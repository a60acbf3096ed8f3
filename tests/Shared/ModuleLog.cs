using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Tests.Shared;

/// <summary>
/// Entries fed to a module's book in log order, as the module would (check, then apply); and a replay of them into a
/// fresh book (a rebuild). Parties mission, pk (peacekeepers), az and am (conflict parties) are registered.
/// </summary>
class ModuleLog<TBook>(Func<TBook> create) where TBook : IModuleBook
{
    public TBook Book { get; } = Create(create);
    public Registry Registry { get; } = Parties();
    readonly List<(Envelope Env, JsonElement Body)> _entries = [];

    static TBook Create(Func<TBook> create) => create();

    /// <summary>A registry of the four test parties.</summary>
    public static Registry Parties()
    {
        var registry = new Registry();
        foreach (var (id, kind) in new[] { ("mission", "mission"), ("pk", "peacekeeping-force"), ("az", "conflict-party"), ("am", "conflict-party") })
        {
            registry.Apply(0, Env(EntryKinds.PartyRegister, "mission", DateTimeOffset.UnixEpoch), JsonSerializer.SerializeToElement(new JsonObject
            {
                ["id"] = id,
                ["kind"] = kind,
                ["names"] = new JsonObject { ["en"] = id },
                ["keys"] = new JsonArray(),
            }));
        }
        return registry;
    }

    public static Envelope Env(string kind, string party, DateTimeOffset time, Visibility visibility = Visibility.Public, IReadOnlyList<string>? to = null) => new()
    {
        Log = "test.invalid/log",
        Kind = kind,
        Party = party,
        Key = "k0000000000000000",
        Time = time,
        Cid = Guid.NewGuid().ToString("n"),
        Body = new string('0', 64),
        Vis = visibility.Label(),
        To = to ?? [],
    };

    public IReadOnlyList<(Envelope Env, JsonElement Body)> Entries => _entries;

    /// <summary>Index of the first entry: module entries follow the registry's in a real log.</summary>
    public const long FirstIndex = 10;

    public long Add(string kind, string party, JsonNode body, DateTimeOffset? time = null, Visibility visibility = Visibility.Public, IReadOnlyList<string>? to = null)
    {
        var env = Env(kind, party, time ?? new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), visibility, to);
        var b = JsonSerializer.SerializeToElement(body);
        var index = _entries.Count + FirstIndex;
        Book.Check(index, env, b, Registry);
        Book.Apply(index, env, b);
        _entries.Add((env, b));
        return index;
    }

    /// <summary>A rebuild: every entry applied again to a fresh book, with the bodies of <paramref name="erased"/> gone.</summary>
    public TBook Replay(Func<TBook> create, params long[] erased) => Replay(create, null, erased);

    /// <summary>The book of a reader's audience class: the entries that reader may see, applied to a fresh book.</summary>
    public TBook Replay(Func<TBook> create, Reader? reader, params long[] erased)
    {
        var book = create();
        for (int i = 0; i < _entries.Count; i++)
        {
            if (reader?.CanSee(_entries[i].Env) ?? true)
            {
                book.Apply(i + FirstIndex, _entries[i].Env, erased.Contains(i + FirstIndex) ? null : _entries[i].Body);
            }
        }
        return book;
    }
}
