using System.Collections.Concurrent;
using System.Text.Json;

namespace Truce.Core.Entries;

/// <summary>
/// Strict bodies at admission: records which fields the rules of an entry kind read in each object of a body
/// (<see cref="BodyReader"/> reports to the tracker begun around the admission), so that a field no rule reads is
/// refused by name rather than stored and ignored (a misspelt <c>"locaton"</c> would otherwise be signed, logged and
/// never shown). Only admission tracks: a replay reads the log as it is, so entries logged before a field was known
/// still read alike.
/// </summary>
/// <remarks>Objects no rule opened field by field (a GeoJSON geometry, a map of names by language) are not checked
/// here: their readers check them whole. An import reads its items in parallel, so the tracker is thread-safe and
/// flows with the execution context.</remarks>
public sealed class FieldTracker : IDisposable
{
    static readonly AsyncLocal<FieldTracker?> Active = new();

    /// <summary>Fields a body may carry whatever its kind: the nonce that keeps a non-public body's digest from being
    /// guessed.</summary>
    static readonly string[] AnyBody = ["nonce"];

    readonly FieldTracker? _outer;
    readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte>> _read = new(StringComparer.Ordinal);

    FieldTracker(FieldTracker? outer) => _outer = outer;

    /// <summary>Tracks the reads on this execution context until disposed.</summary>
    public static FieldTracker Begin() => Active.Value = new FieldTracker(Active.Value);

    internal static FieldTracker? Current => Active.Value;

    public void Dispose() => Active.Value = _outer;

    internal void Read(string path, string name) => _read.GetOrAdd(path, _ => new(StringComparer.Ordinal)).TryAdd(name, 0);

    /// <summary>Refuses the fields of <paramref name="body"/> that no rule read, each named.</summary>
    public void ThrowIfUnknown(JsonElement body, string kind)
    {
        if (Unknown(body, kind) is { Count: > 0 } errors)
        {
            throw new ValidationException(errors);
        }
    }

    /// <summary>The fields of <paramref name="body"/> that no rule read, each named (at most 100).</summary>
    public List<FieldError> Unknown(JsonElement body, string kind)
    {
        var errors = new List<FieldError>();
        Walk(body, "body", kind, errors);
        return errors;
    }

    void Walk(JsonElement e, string path, string kind, List<FieldError> errors)
    {
        if (errors.Count >= 100)
        {
            return;
        }
        if (e.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in e.EnumerateArray())
            {
                Walk(item, $"{path}[{i++}]", kind, errors);
            }
            return;
        }
        if (e.ValueKind != JsonValueKind.Object)
        {
            return;
        }
        var known = _read.GetValueOrDefault(path);
        foreach (var p in e.EnumerateObject())
        {
            if (known is not null && !known.ContainsKey(p.Name) && !(path == "body" && AnyBody.Contains(p.Name)))
            {
                errors.Add(new FieldError($"{path}.{p.Name}", $"is not a field of {kind} (misspelt?)"));
            }
            Walk(p.Value, $"{path}.{p.Name}", kind, errors);
        }
    }
}
