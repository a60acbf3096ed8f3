using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Core.Services;
using Truce.Ledger.Entries;
using Truce.Ledger.Notes;
using Truce.Server.Hosting;
using Truce.Storage.Sqlite;

namespace Truce.Tests;

/// <summary>
/// The module contract of declared entry kinds (<see cref="EntryKind{TBook, TBody}"/>): a body is read once per entry
/// (at admission, kept for the commit; or when first applied, shared by every book it reaches), checked against the
/// author's book, and applied as that record; a refusal in Apply skips the entry in that book, anything else fails the
/// module.
/// </summary>
public sealed class EntryKindTests : IDisposable
{
    sealed record Note(string Text, string? Do);

    /// <summary>Where a note went; its own Check and Apply must never be called, since the module dispatches by kind.</summary>
    sealed class NoteBook : IModuleBook
    {
        public List<(long Index, Note Note)> Applied { get; } = [];
        public List<(long Index, string Why)> Skipped { get; } = [];

        public void Check(long index, Envelope env, JsonElement body, Registry registry) => throw new InvalidOperationException("checked by its kind");

        public void Apply(long index, Envelope env, JsonElement? body) => throw new InvalidOperationException("applied by its kind");

        public string Digest() => string.Join(',', Applied.Select(a => $"{a.Index}:{a.Note.Text}"));
    }

    /// <summary>Counts its reads. Its body's <c>do</c> asks for a refusal at admission, a skip or a bug when applied.</summary>
    sealed class NoteKind(int[] reads) : EntryKind<NoteBook, Note>("note.test", Roles.Reporter, Roles.Analyst)
    {
        public override Note Read(EntryContext ctx, JsonElement body)
        {
            reads[0]++;
            var r = new BodyReader();
            var b = r.Root(body);
            var note = new Note(b.Str("text", required: true) ?? "", b.OneOf("do", ["refuse", "skip", "bug"]));
            r.ThrowIfAny();
            return note;
        }

        public override void Check(NoteBook book, CheckContext ctx, Note body)
        {
            if (body.Do == "refuse")
            {
                throw new RefusedException(RefusalKind.Forbidden, "refused by its kind");
            }
        }

        public override void Apply(NoteBook book, EntryContext ctx, Note body)
        {
            switch (body.Do)
            {
                case "skip":
                    throw new ValidationException("body.do", "its target is not in this book");
                case "bug":
                    throw new InvalidOperationException("a bug in the kind");
                default:
                    book.Applied.Add((ctx.Index, body));
                    break;
            }
        }
    }

    sealed class NoteModule(int[] reads) : InMemoryModule<NoteBook>(
        new ModuleKinds<NoteBook>("notes", (book, index, why) => book.Skipped.Add((index, why.Message)), new NoteKind(reads)), () => new NoteBook())
    {
        public IReadOnlyList<NoteBook> Books => ReadAll(books => books.ToList());
    }

    readonly int[] _reads = [0];
    readonly string _dir = Path.Combine(Directory.CreateTempSubdirectory("truce-kinds").FullName, "data");

    public void Dispose() => Directory.Delete(Path.GetDirectoryName(_dir)!, true);

    static Envelope Env(string sig, string kind = "note.test") => new()
    {
        Log = "test.invalid/log",
        Kind = kind,
        Party = "az",
        Key = "k0000000000000000",
        Time = DateTimeOffset.UnixEpoch,
        Cid = Guid.NewGuid().ToString("n"),
        Body = new string('0', 64),
        Sig = sig,
    };

    static JsonElement Body(string text, string? @do = null)
    {
        var o = new JsonObject { ["text"] = text };
        if (@do is not null)
        {
            o["do"] = @do;
        }
        return JsonSerializer.SerializeToElement(o);
    }

    NoteModule ThreeBooks()
    {
        var module = new NoteModule(_reads);
        module.NewBook(1);
        module.NewBook(2);
        return module;
    }

    [Fact]
    public void Kinds_and_their_roles_come_from_the_declared_kinds()
    {
        var kinds = new NoteModule(_reads).Kinds;
        Assert.Equal(["note.test"], kinds.Keys);
        Assert.Equal(new HashSet<string> { Roles.Reporter, Roles.Analyst }, kinds["note.test"]);
    }

    [Fact]
    public void A_body_is_read_once_and_the_same_record_applied_to_every_book_it_reaches()
    {
        var module = ThreeBooks();
        module.Apply(10, Env("s10"), Body("one"), [0, 1, 2]);
        Assert.Equal(1, _reads[0]);
        var applied = module.Books.Select(b => Assert.Single(b.Applied)).ToList();
        Assert.All(applied, a => Assert.Equal(10, a.Index));
        Assert.All(applied, a => Assert.Same(applied[0].Note, a.Note));
    }

    [Fact]
    public void The_record_admitted_is_the_one_committed_unless_another_entry_took_its_index()
    {
        var module = ThreeBooks();
        var registry = new Registry();
        module.Check(10, Env("s10"), Body("admitted"), registry);
        Assert.Equal(1, _reads[0]);
        module.Apply(10, Env("s10"), Body("admitted"), [0, 2]);
        Assert.Equal(1, _reads[0]);
        Assert.Equal("admitted", Assert.Single(module.Books[2].Applied).Note.Text);

        // A batch that failed to commit gives its indexes again: an entry signed differently is read for itself.
        module.Check(11, Env("s11"), Body("never committed"), registry);
        module.Apply(11, Env("other"), Body("committed"), [0]);
        Assert.Equal(3, _reads[0]);
        Assert.Equal("committed", module.Books[0].Applied[^1].Note.Text);
    }

    [Fact]
    public void Admission_names_the_bad_field_refuses_as_the_kind_says_and_keeps_nothing_it_refused()
    {
        var module = ThreeBooks();
        var registry = new Registry();
        Assert.Equal("body.text", Assert.Throws<ValidationException>(() => module.Check(10, Env("s10"), JsonSerializer.SerializeToElement(new JsonObject()), registry)).Field);
        Assert.Throws<RefusedException>(() => module.Check(10, Env("s10"), Body("no", "refuse"), registry));
        var unknown = Assert.Throws<ValidationException>(() => module.Check(10, Env("s10", "other.kind"), Body("x"), registry));
        Assert.Equal(("envelope.kind", "'other.kind' is not a kind of the notes module"), (unknown.Field, unknown.Problem));
        Assert.Equal(2, _reads[0]);

        // The refused record was not kept: the entry that takes index 10 is read for itself.
        module.Apply(10, Env("s10"), Body("yes"), [0]);
        Assert.Equal(3, _reads[0]);
    }

    /// <summary>Strict bodies: admission refuses every field its kind does not read, each by name, nested ones
    /// too; a non-public body's nonce is any body's field. A replay reads the log as it is, so an entry logged with a
    /// field before strictness (or before its kind stopped reading it) still applies.</summary>
    [Fact]
    public void Admission_refuses_fields_the_kind_does_not_read_and_a_replay_still_applies_them()
    {
        var module = ThreeBooks();
        var registry = new Registry();
        var misspelt = JsonSerializer.SerializeToElement(new JsonObject { ["text"] = "x", ["dO"] = "skip", ["extra"] = new JsonObject { ["a"] = 1 } });
        var e = Assert.Throws<ValidationException>(() => module.Check(10, Env("s10"), misspelt, registry));
        Assert.Equal(["body.dO", "body.extra"], e.Errors.Select(x => x.Field));
        Assert.Contains("not a field of note.test", e.Errors[0].Problem, StringComparison.Ordinal);
        module.Check(10, Env("s10"), JsonSerializer.SerializeToElement(new JsonObject { ["text"] = "x", ["nonce"] = "0123456789abcdef0123" }), registry);

        module.Apply(11, Env("s11"), misspelt, [0]);
        Assert.Equal("x", module.Books[0].Applied[^1].Note.Text);
        Assert.Empty(module.Books[0].Skipped);
    }

    [Fact]
    public void A_refusal_in_apply_skips_the_entry_in_that_book_and_anything_else_fails_the_module()
    {
        var module = ThreeBooks();
        module.Apply(10, Env("s10"), Body("x", "skip"), [0, 1]);
        Assert.Equal(1, _reads[0]);
        Assert.All(module.Books.Take(2), b => Assert.Equal(10, Assert.Single(b.Skipped).Index));
        Assert.Empty(module.Books[2].Skipped);

        var e = Assert.Throws<ModuleFailedException>(() => module.Apply(11, Env("s11"), Body("x", "bug"), [0]));
        Assert.Equal(("notes", 11L), (e.Module, e.Index));
        Assert.IsType<InvalidOperationException>(e.InnerException);
    }

    [Fact]
    public void A_committed_body_that_no_longer_reads_is_skipped_in_every_book_and_read_once()
    {
        var module = ThreeBooks();
        module.Apply(10, Env("s10"), JsonSerializer.SerializeToElement(new JsonObject { ["text"] = 5 }), [0, 1, 2]);
        Assert.Equal(1, _reads[0]);
        Assert.All(module.Books, b => Assert.Contains("body.text", Assert.Single(b.Skipped).Why, StringComparison.Ordinal));
    }

    [Fact]
    public void An_erased_body_changes_nothing_and_is_not_read()
    {
        var module = ThreeBooks();
        module.Check(10, Env("s10"), Body("erased before its commit"), new Registry());
        module.Apply(10, Env("s10"), null, [0, 1, 2]);
        Assert.Equal(1, _reads[0]);
        Assert.All(module.Books, b => Assert.Empty(b.Applied));
    }

    [Fact]
    public async Task Through_the_ledger_each_entry_is_read_once_when_written_and_once_more_on_replay()
    {
        SigningKey mission;
        await using (var d = await Deployment.InitAsync(_dir, "test.truce.invalid/kinds", "kinds test", synthetic: true))
        {
            mission = d.LoadKey("mission");
        }
        var caller = new Caller("cli", "mission", new HashSet<string>(Roles.All), true);
        LedgerService Open(SqliteDatabase db) => new(new SqliteLogStore(db), new SqliteViewStore(db),
            NoteKeys.ParseSigner(File.ReadAllText(Path.Combine(_dir, "keys", "log.key")).Trim()), modules: [new NoteModule(_reads)]);
        using (var db = new SqliteDatabase(Path.Combine(_dir, "truce.db")))
        {
            await using var l = Open(db);
            foreach (var text in new[] { "one", "two", "three" })
            {
                var (env, body) = EntryBuilder.Build(l.Origin, "note.test", mission, new JsonObject { ["text"] = text }, DateTimeOffset.UtcNow);
                await l.SubmitAsync(env, body, caller);
            }
            Assert.Null(l.Sequencer.ObserverFailure);
            Assert.Equal(3, _reads[0]);
            Assert.Equal(["one", "two", "three"], l.Module<NoteModule>()!.Read(Core.Access.Reader.Mission, b => b.Applied.Select(a => a.Note.Text).ToList()));
        }
        using (var db = new SqliteDatabase(Path.Combine(_dir, "truce.db")))
        {
            await using var l = Open(db);
            Assert.Equal(6, _reads[0]);
            Assert.Equal(3, l.Module<NoteModule>()!.Read(Core.Access.Reader.Mission, b => b.Applied.Count));
        }
    }
}
