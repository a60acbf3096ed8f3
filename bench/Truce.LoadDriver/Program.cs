using Truce.Core.Entries;
using Truce.LoadDriver;

// A timed console driver for the throughput figures of docs/BENCHMARKS.md. Each command prints one line per
// round and a closing "RESULT" line with medians over the rounds.
const string Usage = """
    usage: Truce.LoadDriver <command> [flags]
      append-inprocess  [--rounds 5] [--entries 50000] [--concurrency 256]   SubmitAsync into LedgerService, vs bare verify
      append-http       [--rounds 5] [--entries 20000] [--clients 64]        POST /api/entries on a loopback server
      rebuild           [--rounds 5] [--entries 200000]                      LedgerService.Rebuild over the log
                        these three: [--store CONNECTION]  the deployment in a new database on that PostgreSQL server
                        (a postgres:// URL or an Npgsql connection string, as 'truce demo --store' takes), not SQLite;
                        the appends also: [--compare]  each round on SQLite, then on PostgreSQL, with the same entries
      bare-verify       [--rounds 5] [--entries 50000]                       Ed25519 verification alone, on every core
      erase             [--rounds 10] [--notes 1000] [--checkpoint-apart]    one erasure's wall time against a note's, after that many notes;
                        apart: also the TRUNCATE checkpoint alone, timed before the erasure
      mixed             [--seconds 20] [--warm-up-seconds 5] [--rate 200] [--clients 8] [--rss-ratio 1.25] [--rss-slack-mib 64] [--keep]
                        writes, map/list reads, safety queries, tiles and proofs against 'truce serve' (a process) over the
                        demo data; p50/p99 per request type; exit 1 on any error or if server RSS outgrows its bound
      mirror            [--rounds 3] [--entries 100000]                      truce mirror --once from a loopback server, vs an audit of the same log
                        over HTTP; then opening the copy as serve --mirror does
      reads             [--requests 2000] [--entries 100000] [--compare --store CONNECTION]
                        incidents, safety, hazards, entry list and change feed over HTTP, one client, per store
      map               [--incidents 1000000] [--rounds 5]                   the dashboard's map in Chromium after that many reports:
                        first render and a filtered view, and the same clusters over HTTP alone
    every command: [--round-seconds 60]  stops a round after that long
                   [--warm-up 10000]     untimed entries first, so the timed rounds run tiered-up code
                   [--cids v7|random]    client ids: time-ordered UUIDv7 as EntryBuilder makes them (default),
                                         or random UUIDv4, the worst case for the replay index
    """;
if (args.Length == 0 || args[0] is "-h" or "--help")
{
    Console.WriteLine(Usage);
    return args.Length == 0 ? 2 : 0;
}
var options = new Options(args.Skip(1));
MachineInfo.Print();
try
{
    return args[0] switch
    {
        "append-inprocess" => await AppendInProcess.RunAsync(options),
        "append-http" => await AppendHttp.RunAsync(options),
        "rebuild" => await Rebuild.RunAsync(options),
        "bare-verify" => await BareVerifyCommand.RunAsync(options),
        "erase" => await Erase.RunAsync(options),
        "mixed" => await Mixed.RunAsync(options),
        "mirror" => await Mirror.RunAsync(options),
        "reads" => await Reads.RunAsync(options),
        "map" => await MapBench.RunAsync(options),
        _ => Fail(),
    };
}
catch (ValidationException e)
{
    Console.Error.WriteLine($"Truce.LoadDriver: {e.Message}");
    return 2;
}

int Fail()
{
    Console.Error.WriteLine(Usage);
    return 2;
}
