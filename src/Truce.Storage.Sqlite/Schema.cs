namespace Truce.Storage.Sqlite;

/// <summary>
/// log_* tables are the ledger (never updated in place, except a body erased by a signed erasure entry);
/// v_* tables are views derived from it (dropped and recomputed by rebuild); credentials are neither.
/// </summary>
static class Schema
{
    public const string Sql = """
        CREATE TABLE IF NOT EXISTS log_leaves (idx INTEGER PRIMARY KEY, leaf BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS log_bodies (idx INTEGER PRIMARY KEY, body BLOB NOT NULL);
        -- id = level << 56 | index: one integer key, so a proof's hashes come from one indexed IN (...) lookup.
        CREATE TABLE IF NOT EXISTS log_nodes (id INTEGER PRIMARY KEY, hash BLOB NOT NULL);
        CREATE TABLE IF NOT EXISTS log_checkpoints (size INTEGER PRIMARY KEY, note TEXT NOT NULL);

        CREATE TABLE IF NOT EXISTS v_entries (
            idx INTEGER PRIMARY KEY, kind TEXT NOT NULL, party TEXT NOT NULL, key TEXT NOT NULL, vis INTEGER NOT NULL,
            audience TEXT NOT NULL, time TEXT NOT NULL, cid TEXT NOT NULL, digest TEXT NOT NULL,
            amends INTEGER, retracts INTEGER, erased INTEGER NOT NULL DEFAULT 0);
        -- Client id first: ids are time-ordered (UUIDv7) whoever sends them, so a batch's rows go to one edge of the
        -- index, not to one page per party.
        CREATE UNIQUE INDEX IF NOT EXISTS v_entries_by_cid ON v_entries (cid, party);
        CREATE INDEX IF NOT EXISTS v_entries_kind ON v_entries (kind, idx);
        CREATE TABLE IF NOT EXISTS v_meta (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
        -- How many entries each reader may see (EntryCounts).
        CREATE TABLE IF NOT EXISTS v_counts (k TEXT PRIMARY KEY, n INTEGER NOT NULL) WITHOUT ROWID;
        -- Modules' saved state (a cache for start-up, not a view: not in the views' digest).
        CREATE TABLE IF NOT EXISTS v_snapshots (
            module TEXT PRIMARY KEY, format INTEGER NOT NULL, size INTEGER NOT NULL, root TEXT NOT NULL,
            sha256 TEXT NOT NULL, payload BLOB NOT NULL);

        CREATE TABLE IF NOT EXISTS credentials (
            token_hash TEXT PRIMARY KEY, member TEXT NOT NULL, party TEXT NOT NULL, roles TEXT NOT NULL,
            expires TEXT NOT NULL, revoked INTEGER NOT NULL DEFAULT 0);
        """;
}
