using System.Text.Json;

namespace Truce.Ledger.Entries;

/// <summary>Strict reading of an envelope from JSON: unknown fields, wrong types and bad values are refused by name.</summary>
public static class EnvelopeParser
{
    static readonly HashSet<string> Known =
        ["v", "log", "kind", "party", "key", "time", "cid", "body", "vis", "to", "amends", "retracts", "signer", "sig"];

    public static Envelope Parse(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object)
        {
            throw new EnvelopeException("envelope", "must be a JSON object");
        }
        foreach (var p in e.EnumerateObject())
        {
            if (!Known.Contains(p.Name))
            {
                throw new EnvelopeException($"envelope.{p.Name}", "is not an envelope field");
            }
        }
        if (!e.TryGetProperty("v", out var v) || v.ValueKind != JsonValueKind.Number || !v.TryGetInt32(out var ver) || ver != Envelope.Version)
        {
            throw new EnvelopeException("envelope.v", $"must be {Envelope.Version}");
        }
        var vis = Label(Required(e, "vis"));
        var to = Audience(e);
        var signer = OptionalString(e, "signer");
        if (signer is not null and not "server")
        {
            throw new EnvelopeException("envelope.signer", "is either absent or \"server\"");
        }
        return new Envelope
        {
            Log = Id(e, "log", 200),
            Kind = Kind(e),
            Party = Id(e, "party", 64),
            Key = Id(e, "key", 64),
            Time = Time(e),
            Cid = Id(e, "cid", Envelope.MaxIdLength),
            Body = Digest(e),
            Vis = vis,
            To = to,
            Amends = OptionalIndex(e, "amends"),
            Retracts = OptionalIndex(e, "retracts"),
            Signer = signer,
            Sig = OptionalString(e, "sig"),
        };
    }

    static string? OptionalString(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p))
        {
            return null;
        }
        if (p.ValueKind != JsonValueKind.String)
        {
            throw new EnvelopeException($"envelope.{name}", "must be a string");
        }
        return p.GetString();
    }

    static string Required(JsonElement e, string name) =>
        OptionalString(e, name) ?? throw new EnvelopeException($"envelope.{name}", "is required");

    /// <summary>Ids are short, printable ASCII with no spaces: safe in URLs, file names and logs.</summary>
    static string Id(JsonElement e, string name, int max)
    {
        var s = Required(e, name);
        if (s.Length == 0 || s.Length > max || !s.All(IsIdChar))
        {
            throw new EnvelopeException($"envelope.{name}", $"must be 1–{max} characters of A–Z, a–z, 0–9 and . _ : / -");
        }
        return s;
    }

    public static bool IsIdChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '-' or '/';

    static string Kind(JsonElement e)
    {
        var s = Required(e, "kind");
        if (s.Length is 0 or > 64 || !s.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-'))
        {
            throw new EnvelopeException("envelope.kind", "must be 1–64 characters of a–z, 0–9, '.' and '-'");
        }
        return s;
    }

    static DateTimeOffset Time(JsonElement e)
    {
        var s = Required(e, "time");
        if (!Rfc3339.TryParseUtc(s, out var t))
        {
            throw new EnvelopeException("envelope.time", "must be an RFC 3339 UTC time such as 2021-06-12T09:30:00.000Z");
        }
        if (Envelope.FormatTime(t) != s)
        {
            throw new EnvelopeException("envelope.time", "must be written with exactly three fractional digits, e.g. 2021-06-12T09:30:00.000Z");
        }
        return t;
    }

    static string Digest(JsonElement e)
    {
        var s = Required(e, "body");
        if (s.Length != 64 || !s.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f'))
        {
            throw new EnvelopeException("envelope.body", "must be the lowercase hex SHA-256 of the canonical body (64 digits)");
        }
        return s;
    }

    /// <summary>An audience label is a lowercase word; which words exist is the application's to say.</summary>
    static string Label(string s) => s.Length is > 0 and <= 32 && s.All(char.IsAsciiLetterLower)
        ? s : throw new EnvelopeException("envelope.vis", "must be an audience label: 1 to 32 lowercase letters");

    static List<string> Audience(JsonElement e)
    {
        if (!e.TryGetProperty("to", out var to))
        {
            return [];
        }
        if (to.ValueKind != JsonValueKind.Array || to.GetArrayLength() is 0 or > 64)
        {
            throw new EnvelopeException("envelope.to", "must be an array of 1–64 party ids");
        }
        var list = new List<string>();
        foreach (var p in to.EnumerateArray())
        {
            var s = p.ValueKind == JsonValueKind.String ? p.GetString()! : "";
            if (s.Length is 0 or > 64 || !s.All(IsIdChar) || list.Contains(s))
            {
                throw new EnvelopeException("envelope.to", "must hold distinct party ids");
            }
            list.Add(s);
        }
        return list;
    }

    static long? OptionalIndex(JsonElement e, string name)
    {
        if (!e.TryGetProperty(name, out var p))
        {
            return null;
        }
        if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt64(out var i) || i < 0 || i > (1L << 53))
        {
            throw new EnvelopeException($"envelope.{name}", "must be the index of an earlier entry");
        }
        return i;
    }
}
