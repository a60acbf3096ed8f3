using Truce.Core.Entries;
using Truce.Ledger.Entries;

namespace Truce.Core.Access;

/// <summary>Who may read an entry's body (SPEC §3.1): the application's reading of the envelope's "vis" label.</summary>
public enum Visibility
{
    Public,
    Mission,
    Party,
    Restricted,
}

/// <summary>
/// The four audience labels Truce gives meaning to, and what an envelope's label and recipients must be. The ledger
/// only keeps the label as signed; this is where it becomes an access rule (<see cref="Reader"/> applies it).
/// </summary>
public static class Visibilities
{
    public static string Label(this Visibility v) => v switch
    {
        Visibility.Public => "public",
        Visibility.Mission => "mission",
        Visibility.Party => "party",
        Visibility.Restricted => "restricted",
        _ => throw new ArgumentOutOfRangeException(nameof(v)),
    };

    public static Visibility? Parse(string label) => label switch
    {
        "public" => Visibility.Public,
        "mission" => Visibility.Mission,
        "party" => Visibility.Party,
        "restricted" => Visibility.Restricted,
        _ => null,
    };

    extension(Envelope env)
    {
        /// <summary>The envelope's visibility. Every envelope in a Truce log passed <see cref="Check"/> at admission.</summary>
        public Visibility Visibility => Parse(env.Vis)
            ?? throw new InvalidDataException($"entry by {env.Party}: '{env.Vis}' is not a visibility Truce knows");
    }

    /// <summary>Refuses an envelope whose label Truce does not know, or whose recipients do not go with its label:
    /// a restricted entry names the parties that may read it, and only a restricted entry names any.</summary>
    public static void Check(Envelope env)
    {
        var v = Parse(env.Vis) ?? throw new ValidationException("envelope.vis", "must be public, mission, party or restricted");
        if (v == Visibility.Restricted && env.To.Count == 0)
        {
            throw new ValidationException("envelope.to", "names the parties that may read a restricted entry");
        }
        if (v != Visibility.Restricted && env.To.Count > 0)
        {
            throw new ValidationException("envelope.to", "is only for restricted entries");
        }
    }
}
