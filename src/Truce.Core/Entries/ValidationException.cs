namespace Truce.Core.Entries;

/// <summary>Bad input: <see cref="Field"/> names where (a JSON path such as body.keys[0].publicKey), Problem says what.
/// When several fields are bad, <see cref="Errors"/> lists them all and Field/Problem are the first.</summary>
public sealed class ValidationException : Exception
{
    public ValidationException(string field, string problem) : this([new FieldError(field, problem)])
    {
    }

    public ValidationException(IReadOnlyList<FieldError> errors)
        : base(string.Join("; ", errors.Select(e => $"{e.Field}: {e.Problem}")))
    {
        if (errors.Count == 0)
        {
            throw new ArgumentException("a validation error names at least one field", nameof(errors));
        }
        Errors = errors;
    }

    public IReadOnlyList<FieldError> Errors { get; }
    public string Field => Errors[0].Field;
    public string Problem => Errors[0].Problem;
}

public sealed record FieldError(string Field, string Problem);

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
