using System.Text.Json.Nodes;

namespace Truce.Evidence.Tests;

/// <summary>Small files of each type, made here byte by byte (the leading bytes are what matters to the store).</summary>
static class Samples
{
    public static byte[] Jpeg(int size = 1000)
    {
        var b = new byte[size];
        new Random(size).NextBytes(b);
        b[0] = 0xFF;
        b[1] = 0xD8;
        b[2] = 0xFF;
        b[3] = 0xE0;
        return b;
    }

    public static byte[] Pdf(string text = "synthetic report") => System.Text.Encoding.ASCII.GetBytes("%PDF-1.4\n% " + text + "\n%%EOF\n");

    public static JsonObject AddBody(string sha, string type, long size, string? copyOf = null)
    {
        var body = new JsonObject
        {
            ["sha256"] = sha,
            ["type"] = type,
            ["size"] = size,
            ["collected"] = new JsonObject { ["by"] = "patrol 7 (synthetic)", ["at"] = "2021-01-01T08:00:00Z", ["where"] = new JsonObject { ["lat"] = 39.8, ["lon"] = 46.7 } },
            ["synthetic"] = true,
        };
        if (copyOf is not null)
        {
            body["publicCopyOf"] = copyOf;
        }
        return body;
    }
}
