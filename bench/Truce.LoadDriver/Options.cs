using System.Globalization;
using Truce.Core.Entries;
using Truce.Server.Hosting;

namespace Truce.LoadDriver;

/// <summary>The driver's flags: "--name value" pairs after the command. Every run is bounded in count and time.</summary>
sealed class Options
{
    readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public Options(IEnumerable<string> args)
    {
        string? name = null;
        foreach (var a in args)
        {
            if (a.StartsWith("--", StringComparison.Ordinal))
            {
                name = a[2..];
                _values[name] = "true";
            }
            else if (name is not null)
            {
                _values[name] = a;
                name = null;
            }
            else
            {
                throw new ArgumentException($"unexpected argument '{a}'");
            }
        }
    }

    public int Int(string name, int fallback) =>
        _values.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public string? Text(string name) => _values.GetValueOrDefault(name);

    /// <summary>The PostgreSQL server of --store, checked as 'truce demo --store' checks it; null: SQLite.</summary>
    public string? Store => Text("store") is { } s ? DeploymentStore.Parse(s) : null;

    /// <summary>--compare: every round on SQLite and then on PostgreSQL (the --store server), in one run.</summary>
    public bool Compare => Text("compare") is not null &&
        (Store is not null ? true : throw new ValidationException("--compare", "needs --store, the PostgreSQL server to compare SQLite with"));

    /// <summary>Every run stops after this long, whatever its count (a round cut short says so).</summary>
    public TimeSpan RoundLimit => TimeSpan.FromSeconds(Int("round-seconds", 60));
}
