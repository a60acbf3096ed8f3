using Truce.Core.Entries;
using Truce.Incidents.Reports;

namespace Truce.Incidents.Kinds;

/// <summary>
/// A report body as read: the report, or what is wrong with it. Its type is not looked up in reading: a deployment's
/// types grow with <c>taxonomy.extend</c> entries, which some audiences may see and others not, so a type may be known
/// in one book and not in another; <see cref="Resolve"/> looks it up in each book the report reaches.
/// </summary>
/// <param name="Report">Null when <paramref name="Errors"/> names anything.</param>
/// <param name="TypeAt">How many of <paramref name="Errors"/> come before the type's own.</param>
public sealed record ReportBody(Report? Report, string? Category, string? Type, IReadOnlyList<FieldError> Errors, int TypeAt)
{
    /// <summary>The report, if its type is one of <paramref name="taxonomy"/>'s and of the category it gives; otherwise
    /// every bad field, the type's among them.</summary>
    public Report Resolve(Taxonomy.Taxonomy taxonomy)
    {
        var problem = TypeProblem(taxonomy);
        if (problem is null && Report is { } report)
        {
            return report;
        }
        var refusal = new Refusal(Errors);
        if (problem is not null)
        {
            refusal.Add(TypeAt, "body.type", problem);
        }
        throw refusal.Exception();
    }

    string? TypeProblem(Taxonomy.Taxonomy taxonomy)
    {
        if (Type is null)
        {
            return null;
        }
        if (taxonomy.FindType(Type) is not { } known)
        {
            return "is not a report type of this deployment (see GET /api/taxonomy)";
        }
        return Category is not null && known.Category != Category ? $"'{Type}' belongs to category '{known.Category}', not '{Category}'" : null;
    }
}
