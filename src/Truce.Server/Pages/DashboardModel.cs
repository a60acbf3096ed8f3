namespace Truce.Server.Pages;

/// <summary>What the dashboard's shell needs: the deployment's name, its labels, the layers (and which start shown), the
/// texts and the map's settings for its script (JSON that cannot close its script element: see <see cref="Endpoints.DashboardPage"/>).</summary>
public sealed record DashboardModel(string Name, bool Synthetic, bool AssetsBuilt, IReadOnlyList<(string Id, bool On)> Layers,
    Texts Texts, string TextsJson, string ConfigJson);

/// <summary>What a detail page's shell needs: its title, the map's address of the same record, the texts, and what the
/// page shows for its script (<c>{view, id}</c>, JSON that cannot close its script element).</summary>
public sealed record DetailModel(string Name, bool Synthetic, bool AssetsBuilt, string Title, string MapHref, Texts Texts, string TextsJson, string PageJson);
