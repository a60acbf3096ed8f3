using System.Text;

namespace Truce.Evidence.Blobs;

/// <summary>
/// The file types evidence may be, each recognised by its leading bytes (its "magic"), never by a name or by what a
/// client declares: photographs (JPEG, PNG, TIFF, WebP, GIF), documents and scanned maps (PDF), video (MP4, QuickTime,
/// WebM/Matroska). A client's declared type must agree with the bytes.
/// </summary>
public static class MediaTypes
{
    public const string Jpeg = "image/jpeg";
    public const string Png = "image/png";
    public const string Tiff = "image/tiff";
    public const string Webp = "image/webp";
    public const string Gif = "image/gif";
    public const string Pdf = "application/pdf";
    public const string Mp4 = "video/mp4";
    public const string QuickTime = "video/quicktime";
    public const string Webm = "video/webm";
    public const string Matroska = "video/x-matroska";

    /// <summary>How many leading bytes <see cref="Sniff"/> needs at most.</summary>
    public const int HeaderBytes = 64;

    public static readonly IReadOnlySet<string> All = new HashSet<string>(
        [Jpeg, Png, Tiff, Webp, Gif, Pdf, Mp4, QuickTime, Webm, Matroska], StringComparer.Ordinal);

    /// <summary>The still images whose metadata a public copy is stripped of (and checked for at admission).</summary>
    public static readonly IReadOnlySet<string> StrippableImages = new HashSet<string>([Jpeg, Png, Tiff, Webp], StringComparer.Ordinal);

    /// <summary>The type the leading bytes say; null when they are none Truce accepts.</summary>
    public static string? Sniff(ReadOnlySpan<byte> head)
    {
        if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xD8, 0xFF]))
        {
            return Jpeg;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]))
        {
            return Png;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x49, 0x49, 0x2A, 0x00]) || head.StartsWith((ReadOnlySpan<byte>)[0x4D, 0x4D, 0x00, 0x2A]))
        {
            return Tiff;
        }
        if (head.Length >= 12 && head.StartsWith("RIFF"u8) && head[8..12].SequenceEqual("WEBP"u8))
        {
            return Webp;
        }
        if (head.StartsWith("GIF87a"u8) || head.StartsWith("GIF89a"u8))
        {
            return Gif;
        }
        if (head.StartsWith("%PDF-"u8))
        {
            return Pdf;
        }
        if (head.Length >= 12 && head[4..8].SequenceEqual("ftyp"u8))
        {
            return head[8..12].SequenceEqual("qt  "u8) ? QuickTime : Mp4;
        }
        if (head.StartsWith((ReadOnlySpan<byte>)[0x1A, 0x45, 0xDF, 0xA3]))
        {
            return head.IndexOf("webm"u8) >= 0 ? Webm : Matroska;
        }
        return null;
    }

    /// <summary>A declared type as a client may write it (any case, parameters, the common alias image/jpg), or null
    /// when it declares nothing (absent, or the generic application/octet-stream).</summary>
    public static string? Normalise(string? declared)
    {
        if (string.IsNullOrWhiteSpace(declared))
        {
            return null;
        }
        var t = declared.Split(';')[0].Trim().ToLowerInvariant();
        return t switch
        {
            "application/octet-stream" => null,
            "image/jpg" or "image/pjpeg" => Jpeg,
            "image/tif" => Tiff,
            _ => t,
        };
    }

    /// <summary>What a refused file's first bytes looked like, for the refusal (printable ASCII, else hex).</summary>
    public static string Describe(ReadOnlySpan<byte> head)
    {
        var first = head[..Math.Min(8, head.Length)];
        var sb = new StringBuilder();
        foreach (var b in first)
        {
            sb.Append(b is >= 0x20 and < 0x7F ? ((char)b).ToString() : $"\\x{b:x2}");
        }
        return sb.Length == 0 ? "an empty file" : $"a file starting '{sb}'";
    }
}
