using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Ledger.Crypto;
using Truce.Ledger.Notes;
using Truce.Ledger.Verification;

namespace Truce.Server.Hosting;

/// <summary>Loads the synthetic demo data set into a new deployment (SPEC §4). Every demo body says it is synthetic.</summary>
public static class DemoLoader
{
    public const string Origin = "demo.truce.invalid/karabakh-2020";

    /// <summary>The area the demo records: a box around the 2020 line of contact and the Lachin corridor, with room
    /// on every side (a box of degrees, not a border).</summary>
    public static readonly Core.Modules.Shared.RecordedArea Area = new("the ceasefire zone of the 2020 statement (demo)", 44.5, 38.5, 48.0, 41.0);

    /// <param name="store">A PostgreSQL connection (an empty database), or null for truce.db in the folder.</param>
    public static async Task<Deployment> CreateAsync(string dir, IProgress<string>? progress = null, TimeProvider? time = null, string? store = null)
    {
        var d = await Deployment.InitAsync(dir, Origin, "Truce demo: 2020 ceasefire (SYNTHETIC DATA)", synthetic: true, time, Area, store).ConfigureAwait(false);
        var mission = d.LoadKey("mission");
        var now = d.Ledger.Time.GetUtcNow();
        var caller = d.SystemCaller("mission");
        foreach (var p in DemoParties.All)
        {
            progress?.Report($"party {p.Id}");
            var key = SigningKey.New(p.Id);
            Deployment.SaveKey(dir, key);
            var body = new JsonObject
            {
                ["id"] = p.Id,
                ["kind"] = p.Kind,
                ["names"] = p.Names.DeepClone(),
                // The demo's synthetic history goes back to the 2020 statement, signed as of then.
                ["keys"] = new JsonArray(key.Describe(new DateTimeOffset(2020, 11, 1, 0, 0, 0, TimeSpan.Zero))),
            };
            if (p.Kind == "public")
            {
                // The public has no keys of its own: its party leaves one with the server, which signs the public report
                // form's entries with it (Hosting/PublicIntake).
                body["keys"]![0]!["serverHeld"] = true;
            }
            if (Witnessing.Contains(p.Id))
            {
                var witness = new NoteSigner($"witness.{p.Id}.demo.truce.invalid", Ed25519.NewSeed());
                Deployment.WriteSecret(dir, $"{p.Id}-witness.key", witness.SignerKeyText());
                body["witness"] = NoteKeys.CosignatureVerifierKey(witness.Name, witness.PublicKey);
            }
            var (env, b) = EntryBuilder.Build(d.Ledger.Origin, EntryKinds.PartyRegister, mission, body, now);
            await d.Ledger.SubmitAsync(env, b, caller).ConfigureAwait(false);
            await d.AddMemberAsync(key, $"{p.Id}-admin", $"{p.Id} liaison officer (synthetic)", p.Roles, now).ConfigureAwait(false);
            Deployment.WriteSecret(dir, $"{p.Id}-admin.token", d.Ledger.IssueToken($"{p.Id}-admin", TimeSpan.FromDays(365)));
        }
        await NotesAsync(d, now).ConfigureAwait(false);
        var writer = new Writer(d, now, progress);
        foreach (var module in d.Ledger.Modules)
        {
            progress?.Report(module.Name);
            await module.LoadDemoAsync(writer).ConfigureAwait(false);
        }
        CosignOnce(d);
        return d;
    }

    /// <summary>What a module's demo data is written through: the demo parties' keys in this folder.</summary>
    sealed class Writer(Deployment d, DateTimeOffset now, IProgress<string>? progress) : IDemoWriter
    {
        public IModuleHost Host => d.Ledger;
        public DateTimeOffset Now => now;
        public IProgress<string>? Progress => progress;

        public Task<long> SubmitAsAsync(string party, string kind, JsonNode body, DateTimeOffset time,
            Visibility visibility = Visibility.Public, IReadOnlyList<string>? to = null) => d.SubmitAsAsync(party, kind, body, time, visibility, to);
    }

    /// <summary>The parties whose demo witnesses cosign the loaded log (in a real deployment each runs its own).</summary>
    static readonly string[] Witnessing = ["az", "am", "pk"];

    /// <summary>
    /// One round of each demo witness, so the home page shows cosigners. Further rounds are 'truce witness run
    /// --witness-key DATA/keys/PARTY-witness.key', exactly as a party would run it against any Truce server.
    /// </summary>
    static void CosignOnce(Deployment d)
    {
        var note = d.Ledger.Sequencer.CheckpointNote;
        var cosigs = Witnessing.Select(p => new Witness(d.Ledger.LogKey, NoteKeys.ParseSigner(d.ReadSecret($"{p}-witness.key")!))
            .Check(null, note, [], d.Ledger.Time.GetUtcNow())).ToList();
        d.Ledger.Sequencer.AddCosignatures(SignedNote.Parse(note).Text, cosigs);
    }

    static async Task NotesAsync(Deployment d, DateTimeOffset now)
    {
        (string Party, Visibility Vis, string[]? To, string Text)[] notes =
        [
            ("pk", Visibility.Public, null, "SYNTHETIC: patrol along the corridor near Lachin completed without incident."),
            ("az", Visibility.Mission, null, "SYNTHETIC: liaison message to the mission about a scheduled engineering task."),
            ("am", Visibility.Party, null, "SYNTHETIC: internal note, visible to this party and the mission only."),
            ("jmc", Visibility.Restricted, ["az", "am"], "SYNTHETIC: hotline summary shared with both sides only."),
        ];
        foreach (var (party, vis, to, text) in notes)
        {
            await d.SubmitAsAsync(party, EntryKinds.Note, new JsonObject { ["text"] = text, ["synthetic"] = true }, now, vis, to).ConfigureAwait(false);
        }
    }
}
