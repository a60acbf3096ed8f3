using System.Text.Json;
using System.Text.Unicode;

namespace Truce.Core.Entries;

/// <summary>
/// JSON from outside, read strictly: valid UTF-8, depth at most 64, and no escaped lone surrogate in any string or
/// member name. System.Text.Json checks the bytes of a string only when it is read, so without this a bad string
/// surfaces as an exception deep in whatever reads it (a 500) instead of a 400 naming where it is.
/// </summary>
public static class JsonInput
{
    public const int MaxDepth = 64;

    /// <summary>Reads a request body (bounded by the server's request limit) into a checked document.</summary>
    /// <param name="field">Names the document in a refusal.</param>
    /// <param name="members">The path its members' names start from, if not <paramref name="field"/> ("" for none).</param>
    public static async Task<JsonDocument> ParseAsync(Stream body, string field, CancellationToken ct, string? members = null)
    {
        using var buffer = new MemoryStream();
        await body.CopyToAsync(buffer, ct).ConfigureAwait(false);
        return Parse(buffer.GetBuffer().AsMemory(0, (int)buffer.Length), field, members);
    }

    public static JsonDocument Parse(ReadOnlyMemory<byte> utf8, string field, string? members = null)
    {
        if (!Utf8.IsValid(utf8.Span))
        {
            throw new ValidationException(field, "is not valid UTF-8");
        }
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(utf8.ToArray(), new JsonDocumentOptions { MaxDepth = MaxDepth });
        }
        catch (JsonException e)
        {
            throw new ValidationException(field, $"not valid JSON: {e.Message}");
        }
        try
        {
            CheckStrings(doc.RootElement, members ?? field, field);
        }
        catch
        {
            doc.Dispose();
            throw;
        }
        return doc;
    }

    /// <summary>Throws <see cref="ValidationException"/> naming the first string or member name that is not Unicode text.</summary>
    public static void CheckStrings(JsonElement element, string path) => CheckStrings(element, path, path);

    /// <param name="path">Where <paramref name="element"/> is, from where its members' names start ("" for the top).</param>
    /// <param name="whole">What a refusal names when <paramref name="path"/> is the top itself.</param>
    static void CheckStrings(JsonElement element, string path, string whole)
    {
        var here = path.Length == 0 ? whole : path;
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                try
                {
                    element.GetString();
                }
                catch (InvalidOperationException)
                {
                    throw new ValidationException(here, "is not Unicode text (an escaped lone surrogate, or bytes that are not UTF-8)");
                }
                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckStrings(item, $"{here}[{i++}]", whole);
                }
                break;
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    string name;
                    try
                    {
                        name = member.Name;
                    }
                    catch (InvalidOperationException)
                    {
                        throw new ValidationException(here, "has a member name that is not Unicode text (an escaped lone surrogate, or bytes that are not UTF-8)");
                    }
                    CheckStrings(member.Value, path.Length == 0 ? name : $"{path}.{name}", whole);
                }
                break;
        }
    }
}
