using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Demo;
using Truce.Places;
using Truce.Spatial;

namespace Truce.MineAction.Demo;

/// <summary>
/// The mine action part of the demo (SPEC §4): synthetic minefield records handed over on the dates and with the
/// stated mine counts of public reports, accuracy assessments, hazards around real places, land release with
/// splits, closures and handovers, quality visits, ordnance (missile remains among it), accidents and victims.
/// Every geometry and number but the publicly reported handover dates and counts is invented, and says so.
/// </summary>
static partial class DemoMineAction
{
    const string Agency = "mine-agency";
    static readonly string[] Districts = ["Aghdam", "Fuzuli", "Zangilan", "Jabrayil", "Lachin", "Gubadli"];

    public static async Task LoadAsync(IDemoWriter d, MineActionModule module)
    {
        d.Progress?.Report("mine action");
        var run = new Run(d, module);
        var records = await run.MinefieldRecordsAsync();
        var hazards = await run.HazardsAsync(records);
        await run.AccuracyAsync(records);
        d.Progress?.Report("land release");
        for (int i = 0; i < 24; i++)
        {
            await run.ReleaseAsync(i, hazards[i]);
        }
        d.Progress?.Report("ordnance and accidents");
        await run.OrdnanceAsync(hazards);
        await run.AccidentsAsync();
    }

    /// <summary>A hazard's box as the module holds it now.</summary>
    readonly record struct Box(double W, double S, double E, double N);

    /// <summary>
    /// How the land of the i-th tasked hazard is released, by i % 4: <see cref="Outcomes"/> of its first release,
    /// then, if <see cref="ThenCleared"/>, a second release by dogs clearing what the first only reduced, and a handover
    /// certificate if <see cref="HandedOver"/>. A null <see cref="Method"/> is mechanical for every third hazard and
    /// manual otherwise.
    /// </summary>
    sealed record ReleasePlan(string Activity, string Type, string? Method, int? DepthCm, Func<Box, JsonObject> Outcomes,
        Func<Box, JsonObject>? ThenCleared, bool HandedOver);

    static readonly ReleasePlan[] Plans =
    [
        // Surveyed without clearance: the western half cancelled.
        new("non-technical-survey", "non-technical-survey", "visual", null,
            b => new JsonObject { ["cancelled"] = Rect(b.W, b.S, b.W + (b.E - b.W) * 0.5, b.N) }, null, false),
        // A strip cleared across the middle: the hazard splits in two.
        new("clearance", "clearance", null, 20,
            b => new JsonObject { ["cleared"] = Rect(b.W - 0.001, b.S + (b.N - b.S) * 0.4, b.E + 0.001, b.S + (b.N - b.S) * 0.6) }, null, false),
        // The south reduced by technical survey, then the north cleared: closed and handed over.
        new("clearance", "technical-survey", null, 20,
            b => new JsonObject { ["reduced"] = Rect(b.W - 0.001, b.S - 0.001, b.E + 0.001, b.S + (b.N - b.S) * 0.7) },
            b => new JsonObject { ["cleared"] = Rect(b.W - 0.001, b.S + (b.N - b.S) * 0.7, b.E + 0.001, b.N + 0.001) }, true),
        // Cleared whole: closed and handed over.
        new("clearance", "clearance", null, 20,
            b => new JsonObject { ["cleared"] = Rect(b.W - 0.001, b.S - 0.001, b.E + 0.001, b.N + 0.001) }, null, true),
    ];

    static readonly string[] Organisations = ["Demining operator A (synthetic)", "Demining operator B (synthetic)", "Agency teams (synthetic)"];

    /// <summary>Ordnance found: category, model, quantity.</summary>
    static readonly (string Category, string? Model, int Quantity)[] Finds =
    [
        ("submunition", null, 12), ("uxo", null, 3), ("at-mine", "TM-62 (synthetic)", 6), ("ap-mine", "PMN-2 (synthetic)", 20),
        ("missile-remains", "9M723 (synthetic record)", 1), ("mortar", null, 4),
    ];

    /// <summary>Accidents and their victims (sex, age, outcome, activity).</summary>
    static readonly (string Id, string Device, string Kind, string Activation, string At, (string Sex, int Age, string Outcome, string Activity)[] People)[] Accidents =
    [
        ("ACC-1", "at-mine", "civilian", "vehicle", "Aghdam", [("male", 41, "killed", "returning-home"), ("male", 35, "injured", "returning-home")]),
        ("ACC-2", "ap-mine", "civilian", "stepped-on", "Fuzuli", [("male", 15, "injured", "herding")]),
        ("ACC-3", "ap-mine", "demining", "demining-procedure", "Zangilan", [("male", 29, "injured", "demining")]),
        ("ACC-4", "uxo", "civilian", "handling", "Jabrayil", [("female", 52, "injured", "farming")]),
    ];

    /// <summary>
    /// One load: the writer, the module (read back for hazards' current shapes) and one random sequence that every step
    /// draws from in turn, so the steps must run in this order for the demo to be the same on every load.
    /// </summary>
    sealed class Run(IDemoWriter d, MineActionModule module)
    {
        readonly Gazetteer g = Gazetteer.LoadDefault();
        readonly Random rng = new(2021);
        static readonly DateTimeOffset T0 = new(2021, 6, 12, 10, 0, 0, TimeSpan.Zero);
        static readonly DateTimeOffset Day = T0.AddDays(30);

        (double Lat, double Lon) At(string name) => g.Resolve(name) is { } r ? (r.Lat, r.Lon)
            : throw new InvalidOperationException($"the gazetteer has no '{name}' for the demo hazards");

        /// <summary>Minefield records drawn up by side B and handed over to side A in two handovers.</summary>
        public async Task<List<(string Id, string District)>> MinefieldRecordsAsync()
        {
            var records = new List<(string Id, string District)>();
            foreach (var (district, n) in new[] { ("Aghdam", 4), ("Fuzuli", 3), ("Zangilan", 2) })
            {
                var c = At(district);
                for (int i = 0; i < n; i++)
                {
                    var id = $"MF-{district[..3].ToUpperInvariant()}-{i + 1:00}";
                    var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, rng.NextDouble() * 16 - 8, rng.NextDouble() * 16 - 8);
                    await d.SubmitAsAsync("am", MineActionKinds.Minefield, Minefield(id, district, lat, lon, rng), T0.AddDays(-2), Visibility.Restricted, ["az", Agency, "pk"]);
                    records.Add((id, district));
                }
            }
            await d.SubmitAsAsync("am", MineActionKinds.Handover, Handover("HO-2021-06-12", records.Where(r => r.District == "Aghdam"),
                "2021-06-12T10:00:00Z", 97000, "Aghdam"), T0);
            await d.SubmitAsAsync("am", MineActionKinds.Handover, Handover("HO-2021-07-03", records.Where(r => r.District != "Aghdam"),
                "2021-07-03T10:00:00Z", 92000, "Fuzuli and Zangilan"), T0.AddDays(21));
            return records;
        }

        static JsonObject Handover(string id, IEnumerable<(string Id, string District)> records, string at, int minesStated, string reportedFor) => new()
        {
            ["id"] = id,
            ["records"] = new JsonArray([.. records.Select(r => (JsonNode)r.Id)]),
            ["to"] = "az",
            ["at"] = at,
            ["through"] = "international mediators (synthetic detail)",
            ["inExchangeFor"] = "release of detainees (synthetic detail)",
            ["minesStated"] = minesStated,
            ["note"] = $"Date and stated count as publicly reported for {reportedFor}; the records in this demo are synthetic stand-ins.",
            ["synthetic"] = true,
        };

        /// <summary>Hazards: some from the records, most from survey, around real places and along the old corridor road.</summary>
        public async Task<List<string>> HazardsAsync(List<(string Id, string District)> records)
        {
            var hazards = new List<string>();
            for (int i = 0; i < 48; i++)
            {
                var district = Districts[i % Districts.Length];
                var c = At(district);
                var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, rng.NextDouble() * 20 - 10, rng.NextDouble() * 20 - 10);
                var fromRecord = i < records.Count ? records[i].Id : null;
                var type = fromRecord is not null || i % 3 == 0 ? "CHA" : "SHA";
                var id = $"{type}-{district[..3].ToUpperInvariant()}-{i + 1:000}";
                var body = Hazard(id, type, district, lat, lon, 120 + rng.NextDouble() * 400, rng, fromRecord);
                await d.SubmitAsAsync(Agency, MineActionKinds.Hazard, body, Day.AddHours(i));
                hazards.Add(id);
            }
            var lachin = At("Lachin");
            var shusha = At("Shusha");
            for (int i = 0; i < 4; i++)
            {
                var f = (i + 1) / 5.0;
                var (lat, lon) = LocalFrame.Move(shusha.Lat + (lachin.Lat - shusha.Lat) * f, shusha.Lon + (lachin.Lon - shusha.Lon) * f, 0.06 * (i % 2 == 0 ? 1 : -1), 0);
                await d.SubmitAsAsync(Agency, MineActionKinds.Hazard, Hazard($"SHA-ROAD-{i + 1}", "SHA", "Lachin", lat, lon, 80, rng, null), Day.AddDays(2).AddHours(i));
            }
            return hazards;
        }

        /// <summary>Accuracy of the handed-over records, as clearance found them (about a quarter right, in the spirit of public statements).</summary>
        public async Task AccuracyAsync(List<(string Id, string District)> records)
        {
            foreach (var (id, _) in records.Take(6))
            {
                var checkedMines = 40 + rng.Next(60);
                await d.SubmitAsAsync(Agency, MineActionKinds.Accuracy, new JsonObject
                {
                    ["record"] = id,
                    ["checked"] = checkedMines,
                    ["confirmed"] = (int)(checkedMines * (0.15 + rng.NextDouble() * 0.2)),
                    ["unrecorded"] = rng.Next(10),
                    ["toleranceM"] = 5,
                    ["finding"] = "SYNTHETIC: most recorded rows were displaced or absent.",
                }, Day.AddDays(40));
            }
        }

        /// <summary>Land release of the i-th hazard: a task, its releases by <see cref="Plans"/>, and a quality visit to every fifth.</summary>
        public async Task ReleaseAsync(int i, string id)
        {
            var plan = Plans[i % Plans.Length];
            var org = Organisations[i % Organisations.Length];
            var box = BoxOf(module, id);
            var start = Day.AddDays(30 + i * 9);
            await d.SubmitAsAsync(Agency, MineActionKinds.Task, new JsonObject
            {
                ["id"] = $"T-{id}",
                ["hazards"] = new JsonArray(id),
                ["organisation"] = org,
                ["activity"] = plan.Activity,
                ["assigned"] = Time(start.AddDays(-5)),
                ["priority"] = i % 2 == 0 ? "high" : "medium",
                ["synthetic"] = true,
            }, start.AddDays(-5));
            await d.SubmitAsAsync(Agency, MineActionKinds.Release, new JsonObject
            {
                ["id"] = $"A-{id}",
                ["type"] = plan.Type,
                ["hazard"] = id,
                ["task"] = $"T-{id}",
                ["organisation"] = org,
                ["method"] = plan.Method ?? (i % 3 == 0 ? "mechanical" : "manual"),
                ["assets"] = new JsonArray("team of 8 deminers (synthetic)"),
                ["depthCm"] = plan.DepthCm,
                ["start"] = Time(start),
                ["end"] = Time(start.AddDays(6)),
                ["status"] = "completed",
                ["outcomes"] = plan.Outcomes(box),
                ["synthetic"] = true,
            }, start.AddDays(6));
            if (plan.ThenCleared is { } cleared)
            {
                await d.SubmitAsAsync(Agency, MineActionKinds.Release, new JsonObject
                {
                    ["id"] = $"A2-{id}",
                    ["type"] = "clearance",
                    ["hazard"] = id,
                    ["organisation"] = org,
                    ["method"] = "mine-detection-dog",
                    ["start"] = Time(start.AddDays(7)),
                    ["end"] = Time(start.AddDays(12)),
                    ["status"] = "completed",
                    ["outcomes"] = cleared(box),
                    ["synthetic"] = true,
                }, start.AddDays(12));
            }
            if (plan.HandedOver)
            {
                await HandoverCertificateAsync(id, org, start);
            }
            if (i % 5 == 1)
            {
                await QualityVisitAsync(i, id, org, start);
            }
        }

        async Task HandoverCertificateAsync(string id, string org, DateTimeOffset start) =>
            await d.SubmitAsAsync(Agency, MineActionKinds.Release, new JsonObject
            {
                ["id"] = $"HC-{id}",
                ["type"] = "handover-certificate",
                ["hazard"] = id,
                ["organisation"] = org,
                ["start"] = Time(start.AddDays(20)),
                ["status"] = "completed",
                ["handedTo"] = "local authority and land users (synthetic)",
                ["present"] = new JsonObject { ["women"] = rng.Next(8), ["men"] = 2 + rng.Next(10), ["girls"] = rng.Next(3), ["boys"] = rng.Next(3) },
                ["synthetic"] = true,
            }, start.AddDays(20));

        async Task QualityVisitAsync(int i, string id, string org, DateTimeOffset start) =>
            await d.SubmitAsAsync(Agency, MineActionKinds.QualityVisit, new JsonObject
            {
                ["id"] = $"QM-{id}",
                ["activity"] = $"A-{id}",
                ["organisation"] = org,
                ["at"] = Time(start.AddDays(3)),
                ["result"] = i % 2 == 0 ? "satisfactory" : "unsatisfactory",
                ["nonconformities"] = i % 2 == 0 ? new JsonArray() : new JsonArray(new JsonObject
                {
                    ["category"] = "major",
                    ["description"] = "SYNTHETIC: lane marking incomplete at the worksite boundary.",
                    ["correctiveAction"] = "re-marked and re-checked the next day",
                }),
                ["synthetic"] = true,
            }, start.AddDays(3));

        /// <summary>Ordnance found, missile remains among it; the first finds in the first hazards.</summary>
        public async Task OrdnanceAsync(List<string> hazards)
        {
            for (int i = 0; i < Finds.Length; i++)
            {
                var (cat, model, q) = Finds[i];
                var c = At(Districts[i % Districts.Length]);
                var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, rng.NextDouble() * 6 - 3, rng.NextDouble() * 6 - 3);
                await d.SubmitAsAsync(Agency, MineActionKinds.Ordnance, new JsonObject
                {
                    ["id"] = $"EO-{i + 1:000}",
                    ["category"] = cat,
                    ["model"] = model,
                    ["quantity"] = q,
                    ["condition"] = cat == "missile-remains" ? "fragments" : "intact",
                    ["fuzeState"] = cat == "missile-remains" ? "none" : "unknown",
                    ["position"] = Point(lat, lon),
                    ["found"] = Time(Day.AddDays(50 + i * 11)),
                    ["action"] = cat == "missile-remains" ? "handed-over-as-evidence" : "destroyed-in-situ",
                    ["hazard"] = i < 4 ? hazards[i] : null,
                    ["note"] = "SYNTHETIC find.",
                    ["synthetic"] = true,
                }, Day.AddDays(50 + i * 11));
            }
        }

        /// <summary>Accidents, their victims (seen by the mission only) and one victim's personal details.</summary>
        public async Task AccidentsAsync()
        {
            var victims = 0;
            foreach (var (id, device, kind, activation, at, people) in Accidents)
            {
                var c = At(at);
                var (lat, lon) = LocalFrame.Move(c.Lat, c.Lon, 2.5, -1.5);
                var when = Day.AddDays(20 + victims * 17);
                await d.SubmitAsAsync(Agency, MineActionKinds.Accident, new JsonObject
                {
                    ["id"] = id,
                    ["position"] = Point(lat, lon),
                    ["time"] = Time(when),
                    ["device"] = device,
                    ["kind"] = kind,
                    ["areaMarked"] = kind == "demining",
                    ["activation"] = activation,
                    ["note"] = "SYNTHETIC accident.",
                    ["synthetic"] = true,
                }, when);
                foreach (var person in people)
                {
                    victims++;
                    await d.SubmitAsAsync(Agency, MineActionKinds.Victim, Victim(victims, id, kind, person), when.AddHours(6), Visibility.Mission);
                }
            }
            await d.SubmitAsAsync(Agency, MineActionKinds.VictimPersonal, new JsonObject
            {
                ["victim"] = "V-001",
                ["name"] = "Synthetic Person (no real individual)",
                ["residence"] = "synthetic",
                ["note"] = "Restricted to the agency and the mission; erasable by a signed erasure entry.",
            }, Day.AddDays(21), Visibility.Restricted, ["mission", "pk"]);
        }

        static JsonObject Victim(int n, string accident, string kind, (string Sex, int Age, string Outcome, string Activity) p) => new()
        {
            ["id"] = $"V-{n:000}",
            ["accident"] = accident,
            ["sex"] = p.Sex,
            ["age"] = p.Age,
            ["role"] = kind == "demining" ? "deminer" : "civilian",
            ["outcome"] = p.Outcome,
            ["activity"] = p.Activity,
            ["knewDangerous"] = kind == "demining",
            ["hadRiskEducation"] = kind == "demining",
            ["synthetic"] = true,
        };
    }

    static Box BoxOf(MineActionModule module, string id)
    {
        var env = module.Read(new Reader("mine-agency"), b => b.Hazards[id].Remaining.EnvelopeInternal);
        return new(env.MinX, env.MinY, env.MaxX, env.MaxY);
    }
}
