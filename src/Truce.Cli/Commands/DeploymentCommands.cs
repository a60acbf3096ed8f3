using System.CommandLine;
using Truce.Core.Entries;
using Truce.Server;
using Truce.Server.Hosting;

namespace Truce.Cli.Commands;

static class DeploymentCommands
{
    public static Command Init()
    {
        var data = Cli.Data();
        var origin = new Option<string>("--origin") { Description = "The log's origin (and key name)", Required = true };
        var name = new Option<string>("--name") { Description = "The deployment's name", DefaultValueFactory = _ => "Truce deployment" };
        var store = Cli.Store();
        return Cli.Command("init", "Create a deployment: log key, mission key, genesis entry, admin token", async (pr, ct) =>
        {
            await using var d = await Deployment.InitAsync(pr.GetValue(data)!, pr.GetValue(origin)!, pr.GetValue(name)!, synthetic: false, time: Cli.Time,
                store: pr.GetValue(store));
            Console.WriteLine($"created {d.Directory}, its log in {d.Store.Location}");
            Console.WriteLine($"log key: {d.Ledger.LogKey}");
            Console.WriteLine($"mission admin token: in {Path.Combine(d.Directory, "keys", "mission-admin.token")} (mode 0600)");
        }, data, origin, name, store);
    }

    public static Command Backup()
    {
        var data = Cli.Data();
        var output = new Option<string>("--out") { Description = "A new folder for the backup (it holds private keys: keep it like keys/)", Required = true };
        var store = Cli.Store();
        return Cli.Command("backup", "Back up a deployment, online and consistent, while it serves (into a SQLite file, whatever its store)", (pr, ct) =>
        {
            Cli.UseStore(pr.GetValue(data)!, pr.GetValue(store));
            var r = DeploymentBackup.Create(pr.GetValue(data)!, pr.GetValue(output)!, Cli.Time);
            Console.WriteLine($"backed up {r.Size} entries to {r.Directory}");
            return Task.CompletedTask;
        }, data, output, store);
    }

    public static Command Restore()
    {
        var from = new Option<string>("--from") { Description = "The backup folder", Required = true };
        var data = Cli.Data();
        return Cli.Command("restore", "Restore a backup into a new data folder, and check it", async (pr, ct) =>
        {
            var r = await DeploymentBackup.RestoreAsync(pr.GetValue(from)!, pr.GetValue(data)!);
            Console.WriteLine($"restored {r.Size} entries into {r.Directory}; checkpoint verified, views rebuilt and identical");
        }, from, data);
    }

    public static Command Serve()
    {
        var data = Cli.Data();
        var urls = Cli.Urls();
        var store = Cli.Store();
        var replica = new Option<string?>("--replica")
        {
            Description = "Read from this PostgreSQL streaming replica of the deployment's database (a postgres:// URL or an Npgsql "
                + "connection string): the server follows the writer and forwards writes to it, and never writes itself",
        };
        var mirror = new Option<string?>("--mirror")
        {
            Description = "Serve a mirror's folder (made by 'truce mirror') instead of a deployment: the public views of the copied log, read only, "
                + "following the copy as it grows",
        };
        return Cli.Command("serve", "Serve a deployment over HTTP", async (pr, ct) =>
        {
            var dir = pr.GetValue(data)!;
            var at = pr.GetValue(store);
            var u = pr.GetValue(urls)!;
            var from = pr.GetValue(replica);
            if (pr.GetValue(mirror) is { } copy)
            {
                if (at is not null || from is not null)
                {
                    throw new ValidationException("--mirror", "serves a mirror's folder, which has no --store or --replica");
                }
                await RunAsync(Task.Run(() => Deployment.OpenMirror(copy, Cli.Time), ct), u, ct);
                return;
            }
            await RunAsync(Task.Run(() => Deployment.Open(dir, Cli.Time, store: at, serving: (Holder(u), FirstUrl(u)), replica: from), ct), u, ct);
        }, data, urls, store, replica, mirror);
    }

    static string Holder(string urls) => $"truce serve at {urls}";

    /// <summary>Where this server takes writes, for the servers that forward to it: the first of its --urls.</summary>
    static string FirstUrl(string urls) => urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)[0];

    public static Command Demo()
    {
        var data = Cli.Data();
        var urls = Cli.Urls();
        var store = Cli.Store();
        return Cli.Command("demo", "Create the synthetic demo deployment if there is none, and serve it", async (pr, ct) =>
        {
            var dir = pr.GetValue(data)!;
            var at = pr.GetValue(store);
            var u = pr.GetValue(urls)!;
            await RunAsync(Deployment.Exists(dir) ? Task.Run(() => Deployment.Open(dir, Cli.Time, store: at, serving: (Holder(u), FirstUrl(u))), ct)
                : DemoLoader.CreateAsync(dir, new Progress<string>(s => Console.Error.WriteLine($"loading demo: {s}")), Cli.Time, at), pr.GetValue(urls)!, ct);
        }, data, urls, store);
    }

    /// <summary>Serves the deployment once it is open; the web stack is built meanwhile (see <see cref="TruceServer"/>).</summary>
    static async Task RunAsync(Task<Deployment> opening, string urls, CancellationToken ct)
    {
        await using var app = TruceServer.Build(opening, urls, quiet: true);
        await using var d = await opening;
        if (!d.Ledger.Following)
        {
            // A new demo's loader took the lock as a command: now it says it serves, and where it takes writes.
            if (!d.Writer.TryTake(Holder(urls), FirstUrl(urls)))
            {
                d.Writer.Take(Holder(urls)); // refused, naming the holder
            }
            d.WriterUrl = FirstUrl(urls);
        }
        await app.StartAsync(ct);
        foreach (var url in app.Urls)
        {
            Console.WriteLine(d.MirrorOf is { } upstream ? $"Truce is serving the mirror {d.Directory} of {upstream} (read only, public views) at {url}/"
                : $"Truce is serving {d.Directory} ({d.Store.Location}) at {url}/"
                + (d.Ledger.Following ? $", following the writer at {d.Writer.WriterUrl() ?? "(none yet)"}" : ""));
        }
        Console.WriteLine($"log key: {d.Ledger.LogKey}");
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var election = WriterElection.RunAsync(d, Holder(urls), FirstUrl(urls), Console.Error, stop.Token);
        try
        {
            await Task.Delay(Timeout.Infinite, ct);
        }
        catch (OperationCanceledException)
        {
        }
        await stop.CancelAsync();
        await election;
        await app.StopAsync(CancellationToken.None);
    }

    public static Command Rebuild()
    {
        var data = Cli.Data();
        var store = Cli.Store();
        return Cli.Command("rebuild", "Recompute every view from the ledger and check the result is identical", async (pr, ct) =>
        {
            await using var d = Deployment.Open(pr.GetValue(data)!, Cli.Time, store: pr.GetValue(store));
            d.Writer.Take(WriterLock.ThisCommand()); // it rewrites every view under a server's feet otherwise
            var (before, after) = d.Ledger.Rebuild(new Cli.ProgressBar("rebuild"));
            Console.WriteLine($"views digest before {before}");
            Console.WriteLine($"views digest after  {after}");
            if (before != after)
            {
                Console.Error.WriteLine("truce rebuild: the rebuilt views differ from the ones they replaced");
                throw new VerificationFailed();
            }
            Console.WriteLine("identical");
            // What keeping the visibility rule costs here: each module keeps one book per audience class of its entries.
            foreach (var m in d.Ledger.Modules)
            {
                Console.WriteLine($"{m.Name}: {m.Audiences.Count} audience classes ({m.Audiences.Describe()})");
            }
        }, data, store);
    }

    public static Command Migrate()
    {
        var from = new Option<string>("--from") { Description = "Where the log is now: the data folder, or its PostgreSQL connection", Required = true };
        var to = new Option<string>("--to") { Description = "Where it goes: an empty PostgreSQL database, or the data folder (back into truce.db)", Required = true };
        return Cli.Command("migrate", "Move a deployment's log between its SQLite file and PostgreSQL, both ways, and check the copy", async (pr, ct) =>
        {
            var (source, target) = (pr.GetValue(from)!, pr.GetValue(to)!);
            var toPostgres = PostgresTarget(target);
            var dir = toPostgres is null ? target : source;
            if (!Deployment.Exists(dir))
            {
                throw new ValidationException(toPostgres is null ? "--to" : "--from", $"{dir} holds no Truce deployment");
            }
            if (toPostgres is null && (PostgresTarget(source) is not { } now || now != DeploymentStore.Remembered(dir)))
            {
                throw new ValidationException("--from", $"must be the PostgreSQL connection that {dir} uses now");
            }
            var r = await StoreMigration.MigrateAsync(dir, toPostgres, new Cli.ProgressBar("migrate"));
            Console.WriteLine($"moved {r.Size} entries from {r.From} to {r.To}: same checkpoint, root checked, views rebuilt identical ({r.ViewsDigest})");
            if (toPostgres is not null)
            {
                Console.WriteLine($"the SQLite file is kept as {Path.Combine(dir, "truce.db.migrated")}: it holds every body; delete it once satisfied");
            }
        }, from, to);
    }

    static string? PostgresTarget(string value) => DeploymentStore.IsConnection(value) ? DeploymentStore.Parse(value) : null;
}
