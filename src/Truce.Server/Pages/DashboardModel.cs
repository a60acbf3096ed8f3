namespace Truce.Server.Pages;

/// <summary>What the dashboard's shell needs: the deployment's name, its labels, the layers (and which start shown), the
/// texts and the map's settings for its script (JSON that cannot close its script element: see <see cref="Endpoints.DashboardPage"/>).</summary>
public sealed record DashboardModel(string Name, bool Synthetic, bool AssetsBuilt, IReadOnlyList<(string Id, bool On)> Layers,
    Texts Texts, string TextsJson, string ConfigJson);
