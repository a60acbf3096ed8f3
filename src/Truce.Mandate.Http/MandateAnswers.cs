using System.ComponentModel;
using System.Text.Json;
using Truce.Core.Modules.Shared;
using Truce.Mandate.Movements;

namespace Truce.Mandate.Http;

// The answers MandateEndpoints builds from the module's books: the handlers return these types, so /openapi/v1.json
// describes what is sent.

/// <summary>An agreement in force, or a party's draft, with the parties' responses and its provisions' latest text and rules.</summary>
public sealed record AgreementView(string Id, string Title, long Index, [property: Description("`in-force` or `draft`.")] string Status, string ProposedBy,
    IReadOnlyList<AgreementResponseView> Responses, IReadOnlyList<ProvisionView> Provisions);

public sealed record AgreementResponseView(string Party, string Decision, string? Reason, [property: Description("The response entry's log index.")] long Entry);

public sealed record ProvisionView(string Number, string Text, IReadOnlyList<string> Actors, IReadOnlyList<RuleView> Rules,
    [property: Description("The entries that amended the provision, oldest first.")] IReadOnlyList<long> AmendedBy);

/// <summary>A typed rule of a provision (docs/MANDATE.md): which fields it has depends on its type.</summary>
public sealed record RuleView(
    [property: Description("permits, deadline, limit, consent, corridor, term or ceasefire.")] string Type,
    IReadOnlyList<string> Activities, IReadOnlyList<string> Actors, string? Corridor,
    [property: Description("A GeoJSON geometry, or null.")] JsonElement? Area,
    DateTimeOffset? From, DateTimeOffset? Until, DateTimeOffset? Due, string? MetBy, string? Measure, double? Max,
    IReadOnlyList<string> Categories, IReadOnlyList<string> ConsentBy, double? WidthKm, double? Years, double? NoticeMonths);

/// <summary>A corridor's route and width over one period of validity.</summary>
public sealed record CorridorView(string Id, long Index, [property: Description("A GeoJSON geometry.")] JsonElement Route, double WidthKm, string? ControlledBy,
    DateTimeOffset ValidFrom, DateTimeOffset? ValidUntil, bool Approximate, bool Synthetic);

public sealed record CheckpointView(string Id, string Name, string? Corridor, string? ControlledBy, LatLon Location, long Index, bool Synthetic);

/// <summary>A party's notice of a movement, and each party's consent or refusal.</summary>
public sealed record NoticeView(long Index, string Id, string Party, IReadOnlyList<Headcount> People, int Vehicles, string Purpose, string? Corridor,
    DateTimeOffset From, DateTimeOffset Until, DateTimeOffset? AnswerBy, bool Synthetic, IReadOnlyList<ConsentView> Consents);

public sealed record ConsentView(string Party, bool Given, string? Reason, [property: Description("The answer entry's log index.")] long Entry, DateTimeOffset Time);

/// <summary>A crossing at a checkpoint.</summary>
public sealed record TransitView(long Index, string Party, string Checkpoint, string Direction, DateTimeOffset Time, long? Notice, string? Mover,
    IReadOnlyList<Headcount> People, int Vehicles, string? Cargo, bool Synthetic);

/// <summary>An activity of the force or a party, and the provision it claims as authority.</summary>
public sealed record MandateActivityView(long Index, string Kind, string Actor, string Party, [property: Description("A GeoJSON geometry.")] JsonElement Where,
    DateTimeOffset Start, DateTimeOffset End, ActivityAuthority? Authority, IReadOnlyDictionary<string, double> Counts, string? Description, bool Synthetic);

public sealed record ActivityAuthority(string Agreement, string? Provision);
