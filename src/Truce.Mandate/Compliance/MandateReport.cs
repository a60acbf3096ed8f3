using System.Globalization;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;

namespace Truce.Mandate.Compliance;

/// <summary>
/// The mandate's part of a situation report, from one reader's book: each provision whose state under a framework
/// changed between the period's start and its end (the compliance view evaluated as of each moment), side by side.
/// </summary>
public static class MandateReport
{
    public static IReadOnlyList<ReportSection> Of(MandateBook book, ReportPeriod period, IReadOnlyList<CeasefireEvent> violations)
    {
        var query = new FlagQuery { Limit = 1 };
        var start = ComplianceView.Evaluate(book, period.From, violations, query);
        var end = ComplianceView.Evaluate(book, period.To, violations, query);
        if (end.Provisions.Count == 0)
        {
            return [];
        }
        var before = start.Provisions.ToDictionary(p => (p.Framework, p.Number));
        var changed = end.Provisions
            .Select(p => (Now: p, Then: before.GetValueOrDefault((p.Framework, p.Number))))
            .Where(x => x.Then is null || x.Then.State != x.Now.State || x.Then.Breaches != x.Now.Breaches)
            .ToList();
        var rows = changed.Take(ReportSection.MaxRows).Select(x => (IReadOnlyList<string>)
        [
            x.Now.Framework + (x.Now.Draft ? " (draft)" : ""), x.Now.Number, Cut(x.Now.Text),
            x.Then?.State ?? "not yet in force", x.Now.State,
            $"{(x.Then?.Breaches ?? 0).ToString(CultureInfo.InvariantCulture)} → {x.Now.Breaches.ToString(CultureInfo.InvariantCulture)}",
        ]).ToList();
        return
        [
            new ReportSection("Compliance",
            [
                $"{changed.Count} provisions changed state or gained breaches during the period, under each framework side by side.",
                $"Flags raised by the end of the period: {end.FlagsTotal.ToString(CultureInfo.InvariantCulture)} (by its start: {start.FlagsTotal.ToString(CultureInfo.InvariantCulture)}).",
            ])
            {
                Tables = [new ReportTable("Changes in compliance", ["Framework", "Provision", "Text", "At the start", "At the end", "Breaches"], rows, changed.Count)],
            },
        ];
    }

    static string Cut(string s) => s.Length <= 200 ? s : s[..199] + "…";
}
