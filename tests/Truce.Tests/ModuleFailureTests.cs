using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Core.Services;
using Truce.Ledger.Entries;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Server.Hosting;
using Truce.Storage.Sqlite;

namespace Truce.Tests;

/// <summary>
/// A module's Apply never hides a bug: a documented refusal (a ValidationException: the entry's target is not in this
/// audience's book) skips the entry in that book, while anything else stops the deployment — writes are refused and
/// the health check fails until the modules replay cleanly, and start-up refuses to open, naming the module and entry.
/// </summary>
public sealed class ModuleFailureTests : IDisposable
{
    readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("truce-fault").FullName, "data");

    /// <summary>Fails as its entries ask: "skip" with a refusal, "bug" with anything else.</summary>
    sealed class FaultBook : IModuleBook
    {
        public List<long> Applied { get; } = [];
        public List<long> Skipped { get; } = [];

        public void Check(long index, Envelope env, JsonElement body, Registry registry)
        {
        }

        public void Apply(long index, Envelope env, JsonElement? body)
        {
            switch (body?.GetProperty("do").GetString())
            {
                case "skip":
                    Skipped.Add(index); // what a real book does with a ValidationException it catches
                    return;
                case "bug":
                    throw new InvalidOperationException("a bug in the module");
                default:
                    Applied.Add(index);
                    return;
            }
        }

        public string Digest() => string.Join(',', Applied);
    }

    sealed class FaultModule() : InMemoryModule<FaultBook>("fault", new Dictionary<string, IReadOnlySet<string>> { ["fault.test"] = Roles.All }, () => new FaultBook());

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, true);

    LedgerService Open(SqliteDatabase db) => new(new SqliteLogStore(db), new SqliteViewStore(db),
        NoteKeys.ParseSigner(File.ReadAllText(Path.Combine(_dir, "keys", "log.key")).Trim()), modules: [new FaultModule()]);

    [Fact]
    public async Task A_bug_in_apply_stops_writes_and_start_up_while_a_refusal_only_skips()
    {
        SigningKey mission;
        await using (var d = await Deployment.InitAsync(_dir, "test.truce.invalid/fault", "fault test", synthetic: true))
        {
            mission = d.LoadKey("mission");
        }
        var caller = new Caller("cli", "mission", new HashSet<string>(Roles.All), true);
        async Task<Appended> Submit(LedgerService l, string what)
        {
            var (env, body) = EntryBuilder.Build(l.Origin, "fault.test", mission, new JsonObject { ["do"] = what }, DateTimeOffset.UtcNow);
            return await l.SubmitAsync(env, body, caller);
        }
        long bug;
        using (var db = new SqliteDatabase(Path.Combine(_dir, "truce.db")))
        {
            await using var l = Open(db);
            var module = l.Module<FaultModule>()!;
            var ok = (await Submit(l, "apply")).Index;
            var skipped = (await Submit(l, "skip")).Index;
            Assert.Null(l.Sequencer.ObserverFailure);
            Assert.Equal([ok], module.Read(Core.Access.Reader.Mission, b => b.Applied.ToList()));
            Assert.Equal([skipped], module.Read(Core.Access.Reader.Mission, b => b.Skipped.ToList()));

            bug = (await Submit(l, "bug")).Index; // durable: the log took it before the module failed
            var failure = Assert.IsType<ModuleFailedException>(l.Sequencer.ObserverFailure);
            Assert.Equal(("fault", bug), (failure.Module, failure.Index));
            // The replay before the next batch fails the same way: nothing more is admitted.
            var refused = await Assert.ThrowsAnyAsync<Exception>(() => Submit(l, "apply"));
            Assert.Contains("brought up to date", refused.Message, StringComparison.Ordinal);
            Assert.Equal(bug + 1, l.Sequencer.Size);
        }
        using (var db = new SqliteDatabase(Path.Combine(_dir, "truce.db")))
        {
            var e = Assert.Throws<ModuleFailedException>(() => Open(db));
            Assert.Equal(bug, e.Index);
            Assert.Contains("a bug in the module", e.Message, StringComparison.Ordinal);
        }
    }
}
