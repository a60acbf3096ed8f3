using System.Text.Json;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Core.Modules.Shared;
using Truce.Core.Parties;
using Truce.Incidents.Records;

namespace Truce.Incidents.Kinds;

/// <summary><c>claim</c>: a statement by an actor about incidents, recorded as the actor made it.</summary>
sealed class ClaimKind() : EntryKind<IncidentBook, Claim>(IncidentKinds.Claim, Roles.Reporter, Roles.Analyst, Roles.Verifier)
{
    public override Claim Read(EntryContext ctx, JsonElement body) => RecordParser.Claim(ctx.Index, ctx.Envelope, body);

    /// <summary>
    /// The parties a claim names by id are registered ones: an unknown id would pass for a party to every reader. The
    /// incidents it names are not looked up (admission never has), so a claim about one its author's book lacks is
    /// admitted and kept with the id it gives.
    /// </summary>
    public override void Check(IncidentBook book, CheckContext ctx, Claim body)
    {
        var errors = new List<FieldError>();
        foreach (var (party, field) in new[] { (body.ActorParty, "body.actor.party"), (body.AttributedToParty, "body.attributedToParty") })
        {
            if (party is not null && ctx.Registry.FindParty(party) is null)
            {
                errors.Add(new FieldError(field, $"'{party}' is not a registered party"));
            }
        }
        if (errors.Count > 0)
        {
            throw new ValidationException(errors);
        }
    }

    /// <summary>The book's own copy, each incident by the id it has here now (a merge may have given it another).</summary>
    public override void Apply(IncidentBook book, EntryContext ctx, Claim body) =>
        book.Claims.Set(body with { Incidents = [.. body.Incidents.Select(x => book.Correlator.Find(x)?.Id ?? x).Distinct()] });
}

/// <param name="ClaimAt">How many of <paramref name="Errors"/> come before the claim's own (a claim the book lacks is
/// named there).</param>
/// <param name="IncidentsAt">How many come before the first incident's (each incident the book lacks is named there).</param>
public sealed record ClaimLinkBody(long? Claim, int ClaimAt, IReadOnlyList<long> Incidents, int IncidentsAt, string? Reason,
    IReadOnlyList<FieldError> Errors);

/// <summary><c>claim.link</c>: a claim is about these incidents too.</summary>
sealed class ClaimLinkKind() : EntryKind<IncidentBook, ClaimLinkBody>(IncidentKinds.ClaimLink, Roles.Analyst, Roles.Verifier)
{
    public override ClaimLinkBody Read(EntryContext ctx, JsonElement body)
    {
        var r = new BodyReader();
        var b = r.Root(body);
        var claim = b.Int("claim", required: true);
        var claimAt = r.Errors.Count;
        var incidents = b.Ids("incidents", IncidentIds.Parse, "I-606", required: true, max: 100);
        var incidentsAt = r.Errors.Count;
        var reason = b.Str("reason", max: 2000);
        return new ClaimLinkBody(claim, claimAt, incidents, incidentsAt, reason, r.Errors);
    }

    public override void Check(IncidentBook book, CheckContext ctx, ClaimLinkBody body)
    {
        var refusal = new Refusal(body.Errors);
        if (body.Claim is { } claim && !book.Claims.Contains(claim))
        {
            refusal.Add(body.ClaimAt, "body.claim", $"{claim} is not a claim");
        }
        for (int i = 0; i < body.Incidents.Count; i++)
        {
            refusal.Incident(book, new IncidentRef(body.Incidents[i], body.IncidentsAt), $"body.incidents[{i}]");
        }
        refusal.ThrowIfAny();
    }

    public override void Apply(IncidentBook book, EntryContext ctx, ClaimLinkBody body)
    {
        Refusal.SkipIfAny(body.Errors);
        var claim = body.Claim!.Value;
        var target = book.Claims.Find(claim) ?? throw new ValidationException("body.claim", "gone");
        var incidents = target.Incidents.ToList();
        foreach (var x in body.Incidents)
        {
            var id = book.Correlator.Find(x)?.Id ?? x;
            if (!incidents.Contains(id))
            {
                incidents.Add(id);
            }
        }
        book.Claims.Set(target with { Incidents = incidents });
    }
}
