using BenchmarkDotNet.Running;
using Truce.Incidents.Bench;

// Correlation benchmarks (docs/BENCHMARKS.md gives the figures and the exact commands):
//   quality         B-cubed and pairwise scores of the grouping for each noise profile and seed
//   profiles [DAYS] the same and the parties' statements' fate over the randomised profiles of the second generator,
//                   tuning and held-out seeds, at the default and ten times the density (default 14 days a profile)
//   profiles-tune [DAYS] [key=value…]  the tuning profiles alone, under the settings given (as for quality)
//   intruders [DENSITY]    observation reports in another event's incident (wrong joins), by how far apart the events were
//   calibration [DENSITY]  whether the observations' stated uncertainty (place and window) fits their errors, by kind
//   batch [N]       incremental correlation of N labelled reports (default 1,000,000), timed, and its quality;
//                   writes the same points for the DBSCAN baseline (bench/Truce.Incidents.Bench/dbscan_baseline.py)
//   ingest [N]      signed reports through the ledger service with correlation on, against notes without it
//   single          BenchmarkDotNet: one new report against 1,000,000 incidents
//   exchange [BDN args]  BenchmarkDotNet: OGC items pages and change-feed pages at 100,000 and 1,000,000 incidents
//   map-timed [N] [ROUNDS]       the map's clusters at N incidents (MapTimed)
//   claims-timed [N] [CLAIMS] [ROUNDS]  the whole GeoJSON export of N incidents without claims and with CLAIMS of them
//   exchange-timed [N] [ROUNDS]  the whole GeoJSON export (peak memory sampled) and change feed at N / 10 and N
return args.FirstOrDefault() switch
{
    "quality" => Quality.Run(args.Skip(1)),
    "profiles" => Profiles.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 14, args.Skip(2)),
    "profiles-tune" => Profiles.Run(args.Length > 1 ? double.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 14, args.Skip(2), tuningOnly: true),
    "intruders" => Intruders.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1),
    "calibration" => Calibration.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1),
    "batch" => Batch.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000),
    "ingest" => await Ingest.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20_000),
    "single" => Single(),
    "exchange" => Exchange(args.Skip(1).ToArray()),
    "map-timed" => MapTimed.Run(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 11),
    "claims-timed" => await ClaimsTimed.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 10_000, args.Length > 3 ? int.Parse(args[3], System.Globalization.CultureInfo.InvariantCulture) : 5),
    "exchange-timed" => await ExchangeTimed.RunAsync(args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 1_000_000,
        args.Length > 2 ? int.Parse(args[2], System.Globalization.CultureInfo.InvariantCulture) : 3),
    _ => Usage(),
};

static int Single()
{
    BenchmarkRunner.Run<SingleReport>();
    return 0;
}

static int Exchange(string[] rest)
{
    BenchmarkSwitcher.FromTypes([typeof(ExchangeBench)]).Run(rest.Length > 0 ? rest : ["--filter", "*"]);
    return 0;
}

static int Usage()
{
    Console.Error.WriteLine("usage: Truce.Incidents.Bench quality | profiles [DAYS] | profiles-tune [DAYS] [key=value…] | intruders [DENSITY] | calibration [DENSITY] | batch [N] | ingest [N] | single | exchange [BDN args] | claims-timed [N] [CLAIMS] [ROUNDS] | exchange-timed [N] [ROUNDS] | map-timed [N] [ROUNDS]");
    return 2;
}
