using System.Text.Json;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Core.Entries;

public static partial class BodyRules
{
    /// <summary>The media types a published situation report may have: the page, or its PDF.</summary>
    public static readonly string[] ReportMediaTypes = ["text/html", "application/pdf"];

    /// <summary>
    /// <c>report.publish</c>: a mission party says "this is the report we published", by the SHA-256 of its bytes, the
    /// period it covers and the log size it reflects, so anyone holding the document can check it is the one published
    /// and rebuild it from the log up to that size.
    /// </summary>
    static void ReportPublish(long index, Envelope env, JsonElement body, Registry registry)
    {
        if (!registry.IsMissionParty(env.Party))
        {
            throw new RefusedException(RefusalKind.Forbidden, $"only a mission party may submit {env.Kind}");
        }
        Only(body, "body", env.Kind, "period", "start", "end", "sha256", "mediaType", "logSize", "title", "synthetic");
        var period = Str(body, "period", "body.period");
        if (period is not ("daily" or "weekly"))
        {
            throw new ValidationException("body.period", "must be daily or weekly");
        }
        Time(body, "start", "body.start");
        Time(body, "end", "body.end");
        if (DateTimeOffset.Parse(body.GetProperty("end").GetString()!, System.Globalization.CultureInfo.InvariantCulture)
            <= DateTimeOffset.Parse(body.GetProperty("start").GetString()!, System.Globalization.CultureInfo.InvariantCulture))
        {
            throw new ValidationException("body.end", "must be after start");
        }
        var digest = Str(body, "sha256", "body.sha256");
        if (digest.Length != 64 || !digest.All(char.IsAsciiHexDigitLower))
        {
            throw new ValidationException("body.sha256", "must be 64 lowercase hex digits");
        }
        if (!ReportMediaTypes.Contains(Str(body, "mediaType", "body.mediaType")))
        {
            throw new ValidationException("body.mediaType", $"must be one of {string.Join(", ", ReportMediaTypes)}");
        }
        if (!body.TryGetProperty("logSize", out var size) || size.ValueKind != JsonValueKind.Number || !size.TryGetInt64(out var n) || n < 1 || n > index)
        {
            throw new ValidationException("body.logSize", "must be the log size the report reflects: 1 to this entry's index");
        }
        if (body.TryGetProperty("title", out _))
        {
            Str(body, "title", "body.title");
        }
    }
}
