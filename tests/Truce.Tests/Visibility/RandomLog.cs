using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Server.Hosting;
using static Truce.Tests.VisibilityDifferential.RandomWorld;

namespace Truce.Tests.VisibilityDifferential;

/// <summary>A kind the generator submits: how often (relative weight), whether what it refers to exists yet, and a body.</summary>
/// <remarks>A kind that is not ready is still chosen now and then (at a thirtieth of its weight), and then refers to
/// things that do not exist: the server must refuse it cleanly.</remarks>
public sealed record RandomKind(string Kind, double Weight, Func<RandomWorld, bool> Ready, Func<RandomWorld, Step> Build);

/// <summary>An admitted entry as it was submitted (the body with the nonce the builder added to a non-public one).</summary>
public sealed record LoggedEntry(long Index, string Kind, string Party, Visibility Visibility, IReadOnlyList<string> To, DateTimeOffset Time, JsonObject Body);

/// <summary>One step's decisions, and what the server made of it: the index it was logged at, or why it was refused.</summary>
public sealed record Decision(string Kind, string Party, Visibility Visibility, IReadOnlyList<string> To, long? Index, string? Refusal);

public sealed class RandomLogResult(IReadOnlyList<Decision> steps, IReadOnlyList<LoggedEntry> admitted, TimeSpan elapsed)
{
    public IReadOnlyList<Decision> Steps { get; } = steps;
    public IReadOnlyList<LoggedEntry> Admitted { get; } = admitted;
    public TimeSpan Elapsed { get; } = elapsed;

    public IReadOnlyDictionary<string, int> AdmittedByKind { get; } = Count(steps.Where(s => s.Index is not null));
    public IReadOnlyDictionary<string, int> RefusedByKind { get; } = Count(steps.Where(s => s.Index is null));

    static SortedDictionary<string, int> Count(IEnumerable<Decision> steps) =>
        new(steps.GroupBy(s => s.Kind).ToDictionary(g => g.Key, g => g.Count()), StringComparer.Ordinal);

    /// <summary>One line per kind: admitted and refused, and the first reason for a refusal.</summary>
    public string Table()
    {
        var sb = new StringBuilder();
        foreach (var kind in RandomLog.KindNames)
        {
            var why = Steps.FirstOrDefault(s => s.Kind == kind && s.Refusal is not null)?.Refusal;
            sb.Append(CultureInfo.InvariantCulture, $"{kind,-22} {AdmittedByKind.GetValueOrDefault(kind),4} {RefusedByKind.GetValueOrDefault(kind),4}  {why}\n");
        }
        sb.Append(CultureInfo.InvariantCulture, $"{"total",-22} {Admitted.Count,4} {Steps.Count - Admitted.Count,4}  in {Elapsed.TotalSeconds:0.0} s\n");
        return sb.ToString();
    }
}

/// <summary>
/// Feeds a deployment a random log of every kind it knows (but the registry's), with random visibility and recipients,
/// for the visibility differential test. Entries refer to what earlier ones created, now and then to things their
/// author may not see or that do not exist; the server's refusals are counted, and anything else it throws is a bug
/// and propagates.
/// </summary>
public static class RandomLog
{
    public static IReadOnlyList<RandomKind> Kinds { get; } =
    [
        .. RandomIncidents.Kinds,
        .. RandomMandate.Kinds,
        .. RandomMineAction.Kinds,
        .. RandomEvidence.Kinds,
        new(EntryKinds.Note, 2, _ => true, Note),
        new(EntryKinds.Erase, 4, w => w.Entries.Count > 0, Erase),
    ];

    public static IReadOnlyList<string> KindNames { get; } = [.. Kinds.Select(k => k.Kind)];

    /// <summary>
    /// Submits <paramref name="steps"/> random entries, each signed by its party's key in the deployment's folder, dated
    /// within the <see cref="RandomWorld.Span"/> before the clock's time (never after it), in increasing order. The
    /// keys must be valid by then: <see cref="TestParties"/>' are from a day before the deployment was made, so the
    /// clock may have moved at most four hours past it.
    /// </summary>
    /// <param name="afterStep">Called after each step with its number: a test that reads between writes.</param>
    public static async Task<RandomLogResult> FeedAsync(Deployment d, int seed, int steps, TimeProvider clock, Action<int>? afterStep = null)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        var w = new RandomWorld(d, seed, steps, clock.GetUtcNow());
        var decisions = new List<Decision>(steps);
        var admitted = new List<LoggedEntry>(steps);
        for (int i = 0; i < steps; i++)
        {
            afterStep?.Invoke(i);
            w.Tick(i);
            w.Catching = i >= steps * (1 - Catching);
            var step = Choose(w, w.Catching ? admitted.Select(e => e.Kind).ToHashSet() : null).Build(w);
            var to = step.To ?? [];
            long index;
            try
            {
                index = await d.SubmitAsAsync(step.Party, step.Kind, step.Body, w.Time, step.Visibility, step.To).ConfigureAwait(false);
            }
            catch (Exception e) when (e is ValidationException or RefusedException)
            {
                decisions.Add(new Decision(step.Kind, step.Party, step.Visibility, to, null, e.Message));
                continue;
            }
            if (d.Ledger.Sequencer.ObserverFailure is { } failure)
            {
                // The sequencer answers the writer and clears this at the next batch, leaving the modules behind the log
                // without a word: a failure to derive state from an admitted entry is a bug, surfaced here.
                throw new InvalidOperationException($"entry {index} ({step.Kind}) was logged, but deriving state from it failed", failure);
            }
            var created = new Ref(step.Id ?? index.ToString(CultureInfo.InvariantCulture), index, step.Party, step.Visibility, to);
            step.Into?.Add(created);
            step.Then?.Invoke(created);
            if (step.Kind != EntryKinds.Erase)
            {
                w.Entries.Add(created);
            }
            decisions.Add(new Decision(step.Kind, step.Party, step.Visibility, to, index, null));
            admitted.Add(new LoggedEntry(index, step.Kind, step.Party, step.Visibility, to, w.Time, step.Body));
        }
        return new RandomLogResult(decisions, admitted, System.Diagnostics.Stopwatch.GetElapsedTime(started));
    }

    /// <summary>The last share of a log's steps, in which kinds that are ready and not yet admitted are chosen far more
    /// often: rare kinds (a store after a collection and a seal) would otherwise be left out of a log by the luck of the
    /// draw whenever another kind's state changed what came before.</summary>
    const double Catching = 0.2;

    static RandomKind Choose(RandomWorld w, HashSet<string>? admitted)
    {
        // An erasure of personal data is a shape every log must hold, not only a kind.
        var wanting = w.OwesPersonalErasure ? EntryKinds.Erase : null;
        var weights = Kinds.Select(k => !k.Ready(w) ? k.Weight / 30 : admitted?.Contains(k.Kind) == false || k.Kind == wanting ? k.Weight * 20 : k.Weight).ToArray();
        var roll = w.Rng.NextDouble() * weights.Sum();
        for (int i = 0; i < weights.Length; i++)
        {
            roll -= weights[i];
            if (roll < 0)
            {
                return Kinds[i];
            }
        }
        return Kinds[^1];
    }

    static Step Note(RandomWorld w)
    {
        var s = new Step(EntryKinds.Note, w.AnyParty(), new JsonObject { ["text"] = Text("liaison note"), ["synthetic"] = true }) { Into = w.Notes };
        w.RandomVisibility(s);
        return s;
    }

    /// <summary>
    /// Mostly a victim's personal data, else a note or any entry this feed logged (erasures and entries others refer to
    /// among them: the server refuses the first, and modules replay without the second); signed by the target's author,
    /// the mission, or (refused) someone else.
    /// </summary>
    static Step Erase(RandomWorld w)
    {
        var roll = w.Rng.NextDouble();
        // Owed, its author erases it.
        var owed = w.OwesPersonalErasure;
        var pool = roll < 0.6 && w.Personal.Count > 0 || owed ? w.Personal : roll < 0.85 && w.Notes.Count > 0 ? w.Notes
            : w.Entries;
        var target = w.MaybePick(pool);
        var who = owed ? 0 : w.Rng.NextDouble();
        var party = target is null || who >= 0.85 ? w.AnyParty() : who < 0.7 ? target.Party : "mission";
        var s = new Step(EntryKinds.Erase, party, new JsonObject
        {
            ["target"] = target?.Index ?? 1_000_000 + w.Int(0, 999),
            ["reason"] = Text("personal data erased at the person's request"),
        })
        {
            Then = target is null ? null : _ =>
            {
                w.PersonalErased |= w.Personal.Contains(target);
                w.Forget(target.Index);
            },
        };
        if (owed)
        {
            // Public, so that everyone who may see the target sees the erasure.
            s.Visibility = Visibility.Public;
        }
        else
        {
            w.RandomVisibility(s);
        }
        return s;
    }
}
