using System.Globalization;
using System.Text;

namespace Truce.Ledger.Entries;

/// <summary>
/// The RFC 8785 form of an envelope written field by field, without building a JSON tree and canonicalizing it:
/// every entry's admission computes it twice (the signed message and the leaf) and every rebuild once per leaf.
/// It covers the envelopes the parser admits (ids, times and digests are printable ASCII that JCS writes as is;
/// indexes are integers JCS writes as plain digits) and returns null for anything else, which then takes the
/// general path. Tests check the two agree.
/// </summary>
static class EnvelopeWriter
{
    const long MaxPlainInteger = 1L << 53;

    public static byte[]? TryWrite(Envelope e, bool withSignature, string prefix = "")
    {
        var sb = new StringBuilder(prefix, 512);
        sb.Append('{');
        // Members in the order of their names' UTF-16 code units, as RFC 8785 §3.2.3 sorts them.
        if (e.Amends is { } a && !Number(sb, "amends", a))
        {
            return null;
        }
        if (!Text(sb, "body", e.Body) || !Text(sb, "cid", e.Cid) || !Text(sb, "key", e.Key) || !Text(sb, "kind", e.Kind)
            || !Text(sb, "log", e.Log) || !Text(sb, "party", e.Party))
        {
            return null;
        }
        if (e.Retracts is { } r && !Number(sb, "retracts", r))
        {
            return null;
        }
        if ((withSignature && e.Sig is { } sig && !Text(sb, "sig", sig)) || (e.Signer is { } signer && !Text(sb, "signer", signer)))
        {
            return null;
        }
        if (!Text(sb, "time", Envelope.FormatTime(e.Time)))
        {
            return null;
        }
        if (e.To.Count > 0)
        {
            Name(sb, "to");
            sb.Append('[');
            for (int i = 0; i < e.To.Count; i++)
            {
                if (i > 0)
                {
                    sb.Append(',');
                }
                if (!Quoted(sb, e.To[i]))
                {
                    return null;
                }
            }
            sb.Append(']');
        }
        Name(sb, "v");
        sb.Append(Envelope.Version.ToString(CultureInfo.InvariantCulture));
        if (!Text(sb, "vis", e.Vis))
        {
            return null;
        }
        sb.Append('}');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    static void Name(StringBuilder sb, string name)
    {
        if (sb[^1] != '{')
        {
            sb.Append(',');
        }
        sb.Append('"').Append(name).Append("\":");
    }

    static bool Text(StringBuilder sb, string name, string value)
    {
        Name(sb, name);
        return Quoted(sb, value);
    }

    /// <summary>Only strings JCS leaves untouched: printable ASCII without '"' or '\'.</summary>
    static bool Quoted(StringBuilder sb, string value)
    {
        foreach (var c in value)
        {
            if (c is < ' ' or > '~' or '"' or '\\')
            {
                return false;
            }
        }
        sb.Append('"').Append(value).Append('"');
        return true;
    }

    static bool Number(StringBuilder sb, string name, long value)
    {
        if (value is < 0 or > MaxPlainInteger)
        {
            return false;
        }
        Name(sb, name);
        sb.Append(value.ToString(CultureInfo.InvariantCulture));
        return true;
    }
}
