namespace Truce.Core.Entries;

/// <summary>Bad input: <see cref="Field"/> names where (a JSON path such as body.keys[0].publicKey), Problem says what.</summary>
public sealed class ValidationException(string field, string problem) : Exception($"{field}: {problem}")
{
    public string Field { get; } = field;
    public string Problem { get; } = problem;
}

/// <summary>The request is well-formed but refused: wrong key, no right, replayed. Kind says which, for the HTTP status.</summary>
public sealed class RefusedException(RefusalKind kind, string message) : Exception(message)
{
    public RefusalKind Kind { get; } = kind;
    public long? ExistingIndex { get; init; }
}

public enum RefusalKind
{
    Unauthenticated,
    Forbidden,
    BadSignature,
    Conflict,
    NotFound,
}
