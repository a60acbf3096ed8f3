namespace Truce.Storage.Postgres;

/// <summary>
/// The schema, as numbered steps applied in order at start (<see cref="PostgresDatabase"/>), each once, recorded in
/// <c>truce_migrations</c>. A step is never edited once released: a change is a new step. Tables as in SQLite:
/// log_* the ledger (never updated in place, except a body erased by a signed erasure entry), v_* views derived from
/// it, credentials neither; log_head is the one row the writer's compare-and-swap fences on.
/// </summary>
static class Migrations
{
    public static readonly IReadOnlyList<string> Steps =
    [
        """
        CREATE TABLE log_leaves (idx bigint PRIMARY KEY, leaf bytea NOT NULL);
        CREATE TABLE log_bodies (idx bigint PRIMARY KEY, body bytea NOT NULL);
        -- Keyed as in SQLite: the position of the leaf that completes the node, times 64, plus its level.
        CREATE TABLE log_nodes (id bigint PRIMARY KEY, hash bytea NOT NULL);
        CREATE TABLE log_checkpoints (size bigint PRIMARY KEY, note text NOT NULL);
        CREATE TABLE log_head (one boolean PRIMARY KEY DEFAULT true CHECK (one), size bigint NOT NULL, note text NOT NULL);

        CREATE TABLE v_entries (
            idx bigint PRIMARY KEY, kind text NOT NULL, party text NOT NULL, key text NOT NULL, vis integer NOT NULL,
            audience text NOT NULL, "time" text NOT NULL, cid text NOT NULL, digest text NOT NULL,
            amends bigint, retracts bigint, erased integer NOT NULL DEFAULT 0);
        CREATE UNIQUE INDEX v_entries_by_cid ON v_entries (cid, party);
        CREATE INDEX v_entries_kind ON v_entries (kind, idx);
        CREATE TABLE v_meta (name text PRIMARY KEY, value bigint NOT NULL);
        CREATE TABLE v_snapshots (
            module text PRIMARY KEY, format integer NOT NULL, size bigint NOT NULL, root text NOT NULL,
            sha256 text NOT NULL, payload bytea NOT NULL);

        CREATE TABLE credentials (
            token_hash text PRIMARY KEY, member text NOT NULL, party text NOT NULL, roles text NOT NULL,
            expires text NOT NULL, revoked integer NOT NULL DEFAULT 0);
        """,
        // 2: several servers on one database. The writer holds an advisory lock (PostgresWriterLease) and says here
        // who it is and where it takes writes, so the others can forward them.
        """
        CREATE TABLE log_writer (
            one boolean PRIMARY KEY DEFAULT true CHECK (one), holder text NOT NULL, url text, since timestamptz NOT NULL);
        """,
        // 3: the running counts of Truce.Core.Views.EntryCounters, kept by PostgresViewStore.Apply, counted here once
        // from the rows already applied, with the same keys as EntryCounters.Of (EntryCountTests checks the two agree).
        """
        CREATE TABLE v_counts (k text PRIMARY KEY, n bigint NOT NULL);
        INSERT INTO v_counts (k, n)
        SELECT k, count(*) FROM (
            SELECT 'v' || e.vis || chr(31) || kk AS k FROM v_entries e, unnest(ARRAY['', e.kind]) kk
            UNION ALL
            SELECT 'o' || e.vis || chr(31) || e.party || chr(31) || kk FROM v_entries e, unnest(ARRAY['', e.kind]) kk
            WHERE e.vis IN (2, 3)
            UNION ALL
            SELECT 'a' || chr(31) || a.r || chr(31) || kk FROM v_entries e, unnest(ARRAY['', e.kind]) kk,
                LATERAL (SELECT DISTINCT x AS r FROM unnest(string_to_array(e.audience, ',')) x) a
            WHERE e.vis = 3 AND a.r <> e.party AND a.r <> ''
        ) counted GROUP BY k;
        """,
    ];
}
