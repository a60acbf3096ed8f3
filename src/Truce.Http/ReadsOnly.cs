namespace Truce.Http;

/// <summary>
/// Marks a POST that only reads (a question too large for a query string: a route's safety, an import's dry run): a
/// server that does not write the log (a follower, a mirror) answers it itself rather than forward or refuse it.
/// </summary>
public sealed class ReadsOnlyMetadata
{
    public static readonly ReadsOnlyMetadata Instance = new();

    ReadsOnlyMetadata()
    {
    }
}

public static class ReadsOnlyExtensions
{
    public static RouteHandlerBuilder ReadsOnly(this RouteHandlerBuilder b) => b.WithMetadata(ReadsOnlyMetadata.Instance);
}
