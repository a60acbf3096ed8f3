using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Mandate.Tests;

/// <summary>Entries fed to a mandate book in log order, as the module would; and a replay of them (a rebuild).</summary>
sealed class MandateLog
{
    public MandateBook Book { get; } = new();
    public Registry Registry { get; } = new();
    readonly List<(Envelope Env, JsonElement Body)> _entries = [];

    public MandateLog()
    {
        foreach (var (id, kind) in new[] { ("mission", "mission"), ("pk", "peacekeeping-force"), ("az", "conflict-party"), ("am", "conflict-party") })
        {
            Registry.Apply(0, Env(EntryKinds.PartyRegister, "mission", DateTimeOffset.UnixEpoch), JsonSerializer.SerializeToElement(new JsonObject
            {
                ["id"] = id,
                ["kind"] = kind,
                ["names"] = new JsonObject { ["en"] = id },
                ["keys"] = new JsonArray(),
            }));
        }
    }

    static Envelope Env(string kind, string party, DateTimeOffset time) => new()
    {
        Log = "test.invalid/log",
        Kind = kind,
        Party = party,
        Key = "k0000000000000000",
        Time = time,
        Cid = Guid.NewGuid().ToString("n"),
        Body = new string('0', 64),
    };

    public long Add(string kind, string party, JsonNode body, DateTimeOffset? time = null)
    {
        var env = Env(kind, party, time ?? new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero));
        var b = JsonSerializer.SerializeToElement(body);
        var index = _entries.Count + 10;
        Book.Check(index, env, b, Registry);
        Book.Apply(index, env, b);
        _entries.Add((env, b));
        return index;
    }

    public MandateBook Replay()
    {
        var book = new MandateBook();
        for (int i = 0; i < _entries.Count; i++)
        {
            book.Apply(i + 10, _entries[i].Env, _entries[i].Body);
        }
        return book;
    }
}
