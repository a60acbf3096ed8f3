using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Incidents.Correlation;
using Truce.Incidents.Records;
using Truce.Incidents.Reports;
using Truce.Ledger.Entries;

namespace Truce.Incidents;

/// <summary>
/// Everything the incidents module derives from the log: reports and their incidents, claims, restrictions,
/// hotline messages, mission places, the deployment's taxonomy and correlation settings. Not thread-safe:
/// <see cref="IncidentsModule"/> guards it.
/// </summary>
public sealed class IncidentBook : IModuleBook
{
    public IncidentBook()
    {
        Correlator = new Correlator(Taxonomy);
    }

    public Taxonomy.Taxonomy Taxonomy { get; private set; } = Incidents.Taxonomy.Taxonomy.Default();
    public Correlator Correlator { get; private set; }
    public SortedDictionary<long, Claim> Claims { get; } = [];
    public SortedDictionary<long, Restriction> Restrictions { get; } = [];
    public SortedDictionary<long, HotlineMessage> Hotline { get; } = [];
    public Dictionary<string, MissionPlace> Places { get; } = new(StringComparer.Ordinal);

    // Reports parsed at admission, by index and signature, so the commit does not parse them again.
    readonly Dictionary<long, (string Signature, Report Report)> _checked = [];

    /// <summary>Entries the module applied as no-ops because an earlier entry of the same batch changed their target.</summary>
    public List<(long Index, string Why)> Skipped { get; } = [];

    // ---- checks before admission: references must exist now, rules must hold ----

    public void Check(long index, Envelope env, JsonElement body, Registry registry)
    {
        if (IncidentKinds.MissionOnly.Contains(env.Kind) && !registry.IsMissionParty(env.Party))
        {
            throw new RefusedException(RefusalKind.Forbidden, $"{env.Kind} is the mission's assessment: only a mission party may submit it");
        }
        var r = new BodyReader();
        var b = r.Root(body);
        switch (env.Kind)
        {
            case IncidentKinds.Report:
                _checked[index] = (env.Sig ?? env.Body, ReportParser.Parse(index, env, body, Taxonomy));
                return;
            case IncidentKinds.ReportRetract:
                {
                    var report = ExistingReport(b.Int("report", required: true), "body.report");
                    b.Str("reason", required: true, max: 2000);
                    r.ThrowIfAny();
                    if (report.Report.Party != env.Party && !registry.IsMissionParty(env.Party))
                    {
                        throw new RefusedException(RefusalKind.Forbidden, "only the report's author party or the mission may retract it");
                    }
                    if (report.Retracted)
                    {
                        throw new ValidationException("body.report", $"report {report.Report.Index} is already retracted");
                    }
                    return;
                }
            case IncidentKinds.Link:
                ExistingReport(b.Int("report", required: true), "body.report");
                ExistingIncident(b.Int("incident", required: true), "body.incident");
                b.Str("reason", required: true, max: 2000);
                break;
            case IncidentKinds.Merge:
                {
                    var into = ExistingIncident(b.Int("into", required: true), "body.into");
                    var from = ExistingIncident(b.Int("from", required: true), "body.from");
                    b.Str("reason", required: true, max: 2000);
                    r.ThrowIfAny();
                    if (into == from)
                    {
                        throw new ValidationException("body.from", "is the same incident as body.into");
                    }
                    return;
                }
            case IncidentKinds.Split:
                {
                    var incident = ExistingIncident(b.Int("incident", required: true), "body.incident");
                    var reports = b.Indexes("reports", required: true, max: 1000);
                    b.Str("reason", required: true, max: 2000);
                    r.ThrowIfAny();
                    if (reports.Count == 0)
                    {
                        throw new ValidationException("body.reports", "names at least one report to split off");
                    }
                    foreach (var (rep, i) in reports.Select((x, i) => (x, i)))
                    {
                        if (!incident!.Reports.Contains(rep))
                        {
                            throw new ValidationException($"body.reports[{i}]", $"report {rep} is not in incident {incident.Key}");
                        }
                    }
                    if (reports.Distinct().Count() >= incident!.Reports.Count)
                    {
                        throw new ValidationException("body.reports", "a split leaves at least one report in the incident");
                    }
                    return;
                }
            case IncidentKinds.Status:
                {
                    var incident = ExistingIncident(b.Int("incident", required: true), "body.incident");
                    var status = b.OneOf("status", Statuses.All, required: true);
                    b.Str("reason", required: true, max: 10_000);
                    r.ThrowIfAny();
                    if (Statuses.CheckTransition(incident!.Status, status!) is { } why)
                    {
                        throw new ValidationException("body.status", why);
                    }
                    return;
                }
            case IncidentKinds.Recorrelate:
                b.Str("reason", required: true, max: 2000);
                break;
            case IncidentKinds.CorrelationConfig:
                var s = CorrelationSettings.Read(b, Correlator.Settings);
                if (s.Suggest >= s.Join)
                {
                    r.Fail("body.suggest", "must be below join");
                }
                break;
            case IncidentKinds.Claim:
                var claim = RecordParser.Claim(index, env, body);
                for (int i = 0; i < claim.Incidents.Count; i++)
                {
                    ExistingIncident(claim.Incidents[i], $"body.incidents[{i}]");
                }
                return;
            case IncidentKinds.ClaimLink:
                {
                    var idx = b.Int("claim", required: true);
                    if (idx is not null && !Claims.ContainsKey(idx.Value))
                    {
                        r.Fail("body.claim", $"{idx} is not a claim");
                    }
                    var incidents = b.Indexes("incidents", required: true, max: 100);
                    for (int i = 0; i < incidents.Count; i++)
                    {
                        ExistingIncident(incidents[i], $"body.incidents[{i}]");
                    }
                    b.Str("reason", max: 2000);
                    break;
                }
            case IncidentKinds.Restriction:
                RecordParser.Restriction(index, env, body);
                return;
            case IncidentKinds.Hotline:
                RecordParser.Hotline(index, env, body);
                return;
            case IncidentKinds.Place:
                RecordParser.Place(index, env, body);
                return;
            case IncidentKinds.TaxonomyExtend:
                var types = b.Arr("types", required: true, max: 100);
                foreach (var t in types)
                {
                    var id = t.Str("id", required: true, max: 64);
                    if (id is not null && Taxonomy.FindType(id) is not null)
                    {
                        r.Fail(t.At("id"), $"type '{id}' already exists");
                    }
                    t.OneOf("category", Taxonomy.Categories, required: true);
                    t.OneOf("family", Taxonomy.Families.ToList(), required: true);
                    t.Str("label", required: true);
                }
                break;
            default:
                throw new ValidationException("envelope.kind", $"'{env.Kind}' is not an incidents kind");
        }
        r.ThrowIfAny();

        ReportState ExistingReport(long? idx, string field)
        {
            if (idx is null)
            {
                throw new ValidationException(field, "is required");
            }
            return Correlator.Reports.GetValueOrDefault(idx.Value) ?? throw new ValidationException(field, $"{idx} is not a report");
        }

        Incident? ExistingIncident(long? idx, string field)
        {
            if (idx is null)
            {
                r.Fail(field, "is required");
                return null;
            }
            var i = Correlator.Find(idx.Value);
            if (i is null)
            {
                r.Fail(field, $"I-{idx} is not an incident");
            }
            return i;
        }
    }

    // ---- apply: total, deterministic, in log order ----

    public void Apply(long index, Envelope env, JsonElement? body)
    {
        if (body is not { } b)
        {
            return; // erased or withheld: nothing to derive from it
        }
        try
        {
            ApplyBody(index, env, b);
        }
        catch (ValidationException e)
        {
            // Admitted against the state before its batch; an earlier entry of the batch changed the target.
            Skipped.Add((index, e.Message));
        }
    }

    void ApplyBody(long index, Envelope env, JsonElement b)
    {
        var c = Correlator;
        switch (env.Kind)
        {
            case IncidentKinds.Report:
                // Parsed once at admission when this process admitted it; parsed here on replay.
                var report = _checked.Remove(index, out var pre) && pre.Signature == (env.Sig ?? env.Body) ? pre.Report : ReportParser.Parse(index, env, b, Taxonomy);
                c.Add(report);
                break;
            case IncidentKinds.ReportRetract:
                {
                    var s = c.Reports.GetValueOrDefault(b.GetProperty("report").GetInt64()) ?? throw new ValidationException("body.report", "gone");
                    if (s.Retracted)
                    {
                        throw new ValidationException("body.report", "already retracted");
                    }
                    s.Retracted = true;
                    s.RetractedBy = index;
                    s.RetractReason = b.GetProperty("reason").GetString();
                    c.Retract(s);
                    if (c.Incidents.TryGetValue(s.Incident, out var i))
                    {
                        i.History.Add(Event(index, env, $"report {s.Report.Index} retracted", s.RetractReason));
                    }
                    break;
                }
            case IncidentKinds.Link:
                {
                    var s = c.Reports.GetValueOrDefault(b.GetProperty("report").GetInt64()) ?? throw new ValidationException("body.report", "gone");
                    var to = c.Find(b.GetProperty("incident").GetInt64()) ?? throw new ValidationException("body.incident", "gone");
                    s.Pinned = true;
                    c.Attach(s, to, Event(index, env, $"report {s.Report.Index} linked by a monitor", Reason(b)));
                    break;
                }
            case IncidentKinds.Merge:
                {
                    var into = c.Find(b.GetProperty("into").GetInt64()) ?? throw new ValidationException("body.into", "gone");
                    var from = c.Find(b.GetProperty("from").GetInt64()) ?? throw new ValidationException("body.from", "gone");
                    if (into == from)
                    {
                        throw new ValidationException("body.from", "already merged");
                    }
                    foreach (var r in from.Reports)
                    {
                        c.Reports[r].Pinned = true;
                    }
                    foreach (var r in into.Reports)
                    {
                        c.Reports[r].Pinned = true;
                    }
                    c.Merge(into, from, Event(index, env, $"{from.Key} merged into {into.Key}", Reason(b)));
                    foreach (var claimed in Claims.Values.Where(x => x.Incidents.Contains(from.Id)))
                    {
                        claimed.Incidents.Remove(from.Id);
                        if (!claimed.Incidents.Contains(into.Id))
                        {
                            claimed.Incidents.Add(into.Id);
                        }
                    }
                    break;
                }
            case IncidentKinds.Split:
                {
                    var from = c.Find(b.GetProperty("incident").GetInt64()) ?? throw new ValidationException("body.incident", "gone");
                    var moving = b.GetProperty("reports").EnumerateArray().Select(x => x.GetInt64()).Where(from.Reports.Contains).Distinct().ToList();
                    if (moving.Count == 0 || moving.Count >= from.Reports.Count)
                    {
                        throw new ValidationException("body.reports", "no longer a split of the incident");
                    }
                    var fresh = c.NewIncident(index, manual: true);
                    var why = Event(index, env, $"reports {string.Join(", ", moving)} split from {from.Key} into {fresh.Key}", Reason(b));
                    from.History.Add(why);
                    foreach (var r in from.Reports)
                    {
                        c.Reports[r].Pinned = true;
                    }
                    foreach (var r in moving)
                    {
                        c.Attach(c.Reports[r], fresh, why);
                    }
                    break;
                }
            case IncidentKinds.Status:
                {
                    var i = c.Find(b.GetProperty("incident").GetInt64()) ?? throw new ValidationException("body.incident", "gone");
                    var status = b.GetProperty("status").GetString()!;
                    if (Statuses.CheckTransition(i.Status, status) is { } why)
                    {
                        throw new ValidationException("body.status", why);
                    }
                    i.History.Add(Event(index, env, $"status {i.Status} → {status}", Reason(b)));
                    i.Status = status;
                    break;
                }
            case IncidentKinds.Recorrelate:
                Recorrelate(Event(index, env, "re-correlated over all reports", Reason(b)));
                break;
            case IncidentKinds.CorrelationConfig:
                c.Settings = CorrelationSettings.Read(new BodyReader().Root(b), c.Settings);
                break;
            case IncidentKinds.Claim:
                var claim = RecordParser.Claim(index, env, b);
                var resolved = claim.Incidents.Select(x => c.Find(x)?.Id ?? x).Distinct().ToList();
                claim.Incidents.Clear();
                claim.Incidents.AddRange(resolved);
                Claims[index] = claim;
                break;
            case IncidentKinds.ClaimLink:
                {
                    var target = Claims.GetValueOrDefault(b.GetProperty("claim").GetInt64()) ?? throw new ValidationException("body.claim", "gone");
                    foreach (var x in b.GetProperty("incidents").EnumerateArray())
                    {
                        var id = c.Find(x.GetInt64())?.Id ?? x.GetInt64();
                        if (!target.Incidents.Contains(id))
                        {
                            target.Incidents.Add(id);
                        }
                    }
                    break;
                }
            case IncidentKinds.Restriction:
                Restrictions[index] = RecordParser.Restriction(index, env, b);
                break;
            case IncidentKinds.Hotline:
                Hotline[index] = RecordParser.Hotline(index, env, b);
                break;
            case IncidentKinds.Place:
                var place = RecordParser.Place(index, env, b);
                Places[place.Id] = place;
                break;
            case IncidentKinds.TaxonomyExtend:
                foreach (var t in b.GetProperty("types").EnumerateArray())
                {
                    Taxonomy.Add(new Taxonomy.ReportType(t.GetProperty("id").GetString()!, t.GetProperty("category").GetString()!,
                        t.GetProperty("family").GetString()!, t.GetProperty("label").GetString()!));
                }
                break;
        }
    }

    static IncidentEvent Event(long index, Envelope env, string what, string? reason) =>
        new(index, env.Party, env.Time, what, reason);

    static string? Reason(JsonElement b) => b.TryGetProperty("reason", out var r) ? r.GetString() : null;

    /// <summary>Runs correlation again over every report (<see cref="Recorrelation"/>); claims follow their incidents.</summary>
    void Recorrelate(IncidentEvent why)
    {
        Correlator = Recorrelation.Run(Correlator, Taxonomy, why);
        foreach (var claim in Claims.Values)
        {
            var mapped = claim.Incidents.Select(x => Correlator.Find(x)?.Id ?? x).Distinct().ToList();
            claim.Incidents.Clear();
            claim.Incidents.AddRange(mapped);
        }
    }

    /// <summary>SHA-256 over the derived state in a fixed order (for rebuild checks).</summary>
    public string Digest()
    {
        var sb = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        foreach (var s in Correlator.Reports.Values.OrderBy(s => s.Report.Index))
        {
            sb.Append(inv, $"r {s.Report.Index} {s.Incident} {s.Retracted} {s.Pinned} {string.Join(',', s.Suggestions.Select(m => $"{m.Incident}:{m.Score:F6}"))}\n");
        }
        foreach (var i in Correlator.Incidents.Values.OrderBy(i => i.Id))
        {
            sb.Append(inv, $"i {i.Id} {i.Status} {i.MergedInto} {string.Join(',', i.Reports)} {i.Estimate.Lat:F6} {i.Estimate.Lon:F6} {i.Estimate.MeanSigma:F4} {i.Start:O} {i.End:O} {i.Type} {i.History.Count}\n");
        }
        foreach (var claim in Claims.Values)
        {
            sb.Append(inv, $"c {claim.Index} {string.Join(',', claim.Incidents)}\n");
        }
        sb.Append(inv, $"x {string.Join(',', Restrictions.Keys)} {string.Join(',', Hotline.Keys)} {string.Join(',', Places.Keys.Order(StringComparer.Ordinal))} {Taxonomy.Types.Count} {Correlator.Settings}\n");
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(sb.ToString())));
    }
}
