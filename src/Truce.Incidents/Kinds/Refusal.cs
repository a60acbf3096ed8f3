using Truce.Core.Entries;
using Truce.Core.Modules.Shared;
using Truce.Incidents.Correlation;

namespace Truce.Incidents.Kinds;

/// <summary>
/// One refusal made of the bad fields a body's reading found and those its check against the author's book finds, in
/// the order the body gives its fields. A field that names what the author's book lacks is named where it stands among
/// the malformed ones (as the module always has), so a kind whose body has a reference before other fields cannot
/// refuse in <c>Read</c> alone: its body keeps what the reading found, and for each reference how many of those
/// problems come before it, and its <c>Check</c> puts the two together here.
/// </summary>
sealed class Refusal(IReadOnlyList<FieldError> read)
{
    // As many as a BodyReader keeps: the same problems are named whichever side found them.
    const int MaxErrors = 100;

    readonly List<FieldError> _errors = [];
    int _taken;

    /// <summary>A problem with the field that stands after the first <paramref name="before"/> of the reading's.</summary>
    public void Add(int before, string field, string problem)
    {
        Take(before);
        _errors.Add(new FieldError(field, problem));
    }

    /// <summary>The incident a body names, or null after naming the field if the book lacks it (or it was not read).</summary>
    public Incident? Incident(IncidentBook book, IncidentRef named, string field)
    {
        if (named.Id is not { } id)
        {
            return null;
        }
        var found = book.Correlator.Find(id);
        if (found is null)
        {
            Add(named.At, field, $"{IncidentIds.Format(id)} is not an incident");
        }
        return found;
    }

    public void ThrowIfAny()
    {
        Take(read.Count);
        if (_errors.Count > 0)
        {
            throw Exception();
        }
    }

    /// <summary>The refusal, when it is known to name something.</summary>
    public ValidationException Exception()
    {
        Take(read.Count);
        return new ValidationException(_errors.Count > MaxErrors ? _errors[..MaxErrors] : _errors);
    }

    /// <summary>In <c>Apply</c>: a body that does not read (admitted by rules that read it differently) is skipped.</summary>
    public static void SkipIfAny(IReadOnlyList<FieldError> read)
    {
        if (read.Count > 0)
        {
            throw new ValidationException(read);
        }
    }

    void Take(int upTo)
    {
        for (; _taken < upTo; _taken++)
        {
            _errors.Add(read[_taken]);
        }
    }
}

/// <summary>An incident a body names (null if it did not read), and how many of the reading's problems come before it.</summary>
public readonly record struct IncidentRef(long? Id, int At)
{
    /// <summary>Reads a required incident id; a missing or bad one is named twice, as the module always has.</summary>
    internal static IncidentRef Read(BodyReader.Scope b, string name)
    {
        var id = b.Id(name, IncidentIds.Parse, "I-606", required: true);
        if (id is null)
        {
            b.Reader.Fail(b.At(name), "is required");
        }
        return new IncidentRef(id, b.Reader.Errors.Count);
    }
}
