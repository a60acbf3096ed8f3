using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Truce.Ledger.Crypto;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Sequencing;
using Truce.Ledger.Tiles;

namespace Truce.Ledger.Tests;

/// <summary>
/// Truce's checkpoints, tiles and proofs checked by an independent implementation: Go's golang.org/x/mod/sumdb/note
/// and sumdb/tlog (Debian's golang-golang-x-mod-dev, read in GOPATH mode). scripts/test installs Go and the package;
/// without them these tests fail, they never skip.
/// </summary>
public class GoInteropTests
{
    const string GoPath = "/usr/share/gocode";
    const string Origin = "truce.test/log";
    const int OldSize = 333;
    const int Size = 700;
    static readonly long[] ProofIndexes = [0, 1, 255, 256, 332, 511, 512, 600, 640, 699];

    /// <summary>
    /// The verifier. It knows nothing of Truce: it opens both checkpoints with sumdb/note; authenticates every hash
    /// tile through tlog.TileHashReader against the checkpoint's root (and each full tile against its parent's hash
    /// itself, see the comment inside); hashes every entry of every entry bundle with tlog.RecordHash against the
    /// authenticated level-0 hashes; rebuilds the log from the entries with tlog.StoredHashes and expects Truce's
    /// root and tiles byte for byte; and checks Truce's proofs with tlog.CheckRecord and tlog.CheckTree (and that they
    /// are the very proofs tlog.ProveRecord and tlog.ProveTree make).
    /// C2SP tlog-tiles paths are x/mod's without the height element ("tile/8/0/000" is "tile/0/000"), and its entry
    /// bundles ("tile/entries/…", each entry a 16-bit big-endian length then its bytes) sit where x/mod's data
    /// tiles would ("tile/8/data/…").
    /// </summary>
    const string GoVerifier = """
        package main

        import (
            "bytes"
            "encoding/binary"
            "encoding/json"
            "fmt"
            "os"
            "path/filepath"
            "strconv"
            "strings"

            "golang.org/x/mod/sumdb/note"
            "golang.org/x/mod/sumdb/tlog"
        )

        const height = 8

        func fail(format string, args ...interface{}) {
            fmt.Printf("FAIL: "+format+"\n", args...)
            os.Exit(1)
        }

        func c2spPath(t tlog.Tile) string {
            if t.L == -1 {
                return strings.Replace(t.Path(), "tile/8/data/", "tile/entries/", 1)
            }
            return strings.Replace(t.Path(), "tile/8/", "tile/", 1)
        }

        type dirTiles struct{ dir string }

        func (d dirTiles) Height() int { return height }

        func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
            out := make([][]byte, len(tiles))
            for i, t := range tiles {
                b, err := os.ReadFile(filepath.Join(d.dir, filepath.FromSlash(c2spPath(t))))
                if err != nil {
                    return nil, err
                }
                out[i] = b
            }
            return out, nil
        }

        func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

        func openCheckpoint(path string, v note.Verifier) tlog.Tree {
            msg, err := os.ReadFile(path)
            if err != nil {
                fail("%v", err)
            }
            n, err := note.Open(msg, note.VerifierList(v))
            if err != nil {
                fail("checkpoint %s: %v", filepath.Base(path), err)
            }
            lines := strings.Split(n.Text, "\n")
            if len(lines) < 4 || lines[len(lines)-1] != "" {
                fail("checkpoint %s: not origin, size and root lines", filepath.Base(path))
            }
            if lines[0] != v.Name() {
                fail("checkpoint %s: origin %q is not the key name %q", filepath.Base(path), lines[0], v.Name())
            }
            size, err := strconv.ParseInt(lines[1], 10, 64)
            if err != nil || size < 0 || strconv.FormatInt(size, 10) != lines[1] {
                fail("checkpoint %s: bad size %q", filepath.Base(path), lines[1])
            }
            root, err := tlog.ParseHash(lines[2])
            if err != nil {
                fail("checkpoint %s: bad root %q: %v", filepath.Base(path), lines[2], err)
            }
            return tlog.Tree{N: size, Hash: root}
        }

        func sameHashes(a, b []tlog.Hash) bool {
            if len(a) != len(b) {
                return false
            }
            for i := range a {
                if a[i] != b[i] {
                    return false
                }
            }
            return true
        }

        func toHashes(what string, raw [][]byte) []tlog.Hash {
            out := make([]tlog.Hash, len(raw))
            for i, b := range raw {
                if len(b) != tlog.HashSize {
                    fail("%s: hash %d is %d bytes", what, i, len(b))
                }
                copy(out[i][:], b)
            }
            return out
        }

        type proofFile struct {
            Size      int64 `json:"size"`
            OldSize   int64 `json:"oldSize"`
            OldRoot   []byte `json:"oldRoot"`
            Inclusion []struct {
                Index int64    `json:"index"`
                Proof [][]byte `json:"proof"`
            } `json:"inclusion"`
            Consistency [][]byte `json:"consistency"`
        }

        func main() {
            if len(os.Args) != 3 {
                fail("usage: main <dir> <verifier key>")
            }
            dir := os.Args[1]
            v, err := note.NewVerifier(os.Args[2])
            if err != nil {
                fail("verifier key: %v", err)
            }
            tree := openCheckpoint(filepath.Join(dir, "checkpoint"), v)
            thr := tlog.TileHashReader(tree, dirTiles{dir})
            th, err := tlog.TreeHash(tree.N, thr)
            if err != nil {
                fail("tree hash: %v", err)
            }
            if th != tree.Hash {
                fail("tree hash %v is not the checkpoint's root %v", th, tree.Hash)
            }

            // Every hash tile a reader of this checkpoint may fetch, top level first. tlog.TileHashReader
            // authenticates the tiles that make up the tree hash, but in x/mod up to at least v0.7.0 it skips the
            // parent check of tiles it appends at positions below len(stx) (its loop starts at len(stx), not at the
            // number of distinct tree-hash tiles), so for a tree of 700 it hands out tile/0/000 and tile/0/001
            // unchecked. So each full tile is also checked here against its parent's hash, by tlog's own tile math.
            var hashTiles []tlog.Tile
            top := 0
            for tree.N>>(height*(top+1)) > 0 {
                top++
            }
            for level := top; level >= 0; level-- {
                count := tree.N >> (height * level)
                for n := int64(0); n<<height < count; n++ {
                    w := count - n<<height
                    if w > 1<<height {
                        w = 1 << height
                    }
                    t := tlog.Tile{H: height, L: level, N: n, W: int(w)}
                    want, err := tlog.ReadTileData(t, thr)
                    if err != nil {
                        fail("tile %s: %v", c2spPath(t), err)
                    }
                    got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c2spPath(t))))
                    if err != nil {
                        fail("tile %s: %v", c2spPath(t), err)
                    }
                    if !bytes.Equal(got, want) {
                        fail("tile %s is not the authenticated tile", c2spPath(t))
                    }
                    if t.W == 1<<height {
                        below := height*level + height - 1
                        left, err1 := tlog.HashFromTile(t, got, tlog.StoredHashIndex(below, 2*n))
                        right, err2 := tlog.HashFromTile(t, got, tlog.StoredHashIndex(below, 2*n+1))
                        parent, err3 := thr.ReadHashes([]int64{tlog.StoredHashIndex(height*(level+1), n)})
                        if err1 != nil || err2 != nil || err3 != nil {
                            fail("tile %s: %v %v %v", c2spPath(t), err1, err2, err3)
                        }
                        if tlog.NodeHash(left, right) != parent[0] {
                            fail("tile %s does not hash to its parent's hash", c2spPath(t))
                        }
                    }
                    hashTiles = append(hashTiles, t)
                }
            }

            // Every entry of every entry bundle, against the authenticated leaf hashes.
            var entries [][]byte
            bundles := 0
            for n := int64(0); n<<height < tree.N; n++ {
                w := tree.N - n<<height
                if w > 1<<height {
                    w = 1 << height
                }
                bt := tlog.Tile{H: height, L: -1, N: n, W: int(w)}
                bundle, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c2spPath(bt))))
                if err != nil {
                    fail("entry bundle %s: %v", c2spPath(bt), err)
                }
                leaves, err := tlog.ReadTileData(tlog.Tile{H: height, L: 0, N: n, W: int(w)}, thr)
                if err != nil {
                    fail("leaf hashes of %s: %v", c2spPath(bt), err)
                }
                for i := 0; i < int(w); i++ {
                    if len(bundle) < 2 {
                        fail("entry bundle %s ends after %d entries, want %d", c2spPath(bt), i, w)
                    }
                    size := int(binary.BigEndian.Uint16(bundle))
                    if len(bundle) < 2+size {
                        fail("entry bundle %s ends inside entry %d", c2spPath(bt), i)
                    }
                    entry := bundle[2 : 2+size]
                    bundle = bundle[2+size:]
                    index := n<<height + int64(i)
                    if h := tlog.RecordHash(entry); !bytes.Equal(h[:], leaves[i*tlog.HashSize:(i+1)*tlog.HashSize]) {
                        fail("entry %d in %s does not hash to its leaf hash", index, c2spPath(bt))
                    }
                    entries = append(entries, entry)
                }
                if len(bundle) != 0 {
                    fail("entry bundle %s has %d bytes after its %d entries", c2spPath(bt), len(bundle), w)
                }
                bundles++
            }

            // The same log built by tlog from the entries alone: the same root and, byte for byte, the same tiles.
            var stored []tlog.Hash
            built := tlog.HashReaderFunc(func(indexes []int64) ([]tlog.Hash, error) {
                out := make([]tlog.Hash, len(indexes))
                for i, x := range indexes {
                    if x < 0 || x >= int64(len(stored)) {
                        return nil, fmt.Errorf("hash %d not stored", x)
                    }
                    out[i] = stored[x]
                }
                return out, nil
            })
            for n, e := range entries {
                hs, err := tlog.StoredHashes(int64(n), e, built)
                if err != nil {
                    fail("StoredHashes %d: %v", n, err)
                }
                stored = append(stored, hs...)
            }
            if th, err := tlog.TreeHash(tree.N, built); err != nil || th != tree.Hash {
                fail("the entries make the root %v, not the checkpoint's %v (%v)", th, tree.Hash, err)
            }
            for _, t := range hashTiles {
                want, err := tlog.ReadTileData(t, built)
                if err != nil {
                    fail("tile %s: %v", c2spPath(t), err)
                }
                got, _ := os.ReadFile(filepath.Join(dir, filepath.FromSlash(c2spPath(t))))
                if !bytes.Equal(got, want) {
                    fail("tile %s is not the tile tlog builds from the entries", c2spPath(t))
                }
            }

            // Truce's proofs.
            raw, err := os.ReadFile(filepath.Join(dir, "proofs.json"))
            if err != nil {
                fail("%v", err)
            }
            var pf proofFile
            if err := json.Unmarshal(raw, &pf); err != nil {
                fail("proofs.json: %v", err)
            }
            if pf.Size != tree.N {
                fail("proofs.json is for size %d, the checkpoint for %d", pf.Size, tree.N)
            }
            for _, inc := range pf.Inclusion {
                if inc.Index < 0 || inc.Index >= int64(len(entries)) {
                    fail("inclusion proof for index %d beyond the log", inc.Index)
                }
                p := toHashes(fmt.Sprintf("inclusion proof %d", inc.Index), inc.Proof)
                if err := tlog.CheckRecord(p, tree.N, tree.Hash, inc.Index, tlog.RecordHash(entries[inc.Index])); err != nil {
                    fail("inclusion proof %d: %v", inc.Index, err)
                }
                own, err := tlog.ProveRecord(tree.N, inc.Index, thr)
                if err != nil {
                    fail("ProveRecord %d: %v", inc.Index, err)
                }
                if !sameHashes(p, own) {
                    fail("inclusion proof %d is not tlog.ProveRecord's", inc.Index)
                }
            }
            old := openCheckpoint(filepath.Join(dir, "old-checkpoint"), v)
            if old.N != pf.OldSize || !bytes.Equal(old.Hash[:], pf.OldRoot) {
                fail("proofs.json's old tree is not the old checkpoint's")
            }
            oldHash, err := tlog.TreeHash(old.N, thr)
            if err != nil {
                fail("old tree hash: %v", err)
            }
            if oldHash != old.Hash {
                fail("the tiles give size %d the root %v, the old checkpoint %v", old.N, oldHash, old.Hash)
            }
            cp := toHashes("consistency proof", pf.Consistency)
            if err := tlog.CheckTree(cp, tree.N, tree.Hash, old.N, old.Hash); err != nil {
                fail("consistency proof %d -> %d: %v", old.N, tree.N, err)
            }
            own, err := tlog.ProveTree(tree.N, old.N, thr)
            if err != nil {
                fail("ProveTree: %v", err)
            }
            if !sameHashes(cp, own) {
                fail("consistency proof is not tlog.ProveTree's")
            }
            fmt.Printf("OK size=%d hash-tiles=%d bundles=%d entries=%d inclusion-proofs=%d consistency=%d->%d\n",
                tree.N, len(hashTiles), bundles, len(entries), len(pf.Inclusion), old.N, tree.N)
        }
        """;

    /// <summary>One build cache for every run (and every test run), so Go compiles the verifier once.</summary>
    static readonly string GoCache = Path.Combine(Path.GetTempPath(), "truce-go-interop-cache");

    [Fact]
    public async Task Go_sumdb_accepts_Truce_checkpoints_tiles_entries_and_proofs()
    {
        var (dir, signer) = await ExportLogAsync();
        try
        {
            var (exit, output) = await RunGoVerifierAsync(dir, signer.Verifier.ToString());
            Assert.True(exit == 0, $"the Go verifier refused Truce's log (exit {exit}):\n{output}");
            Assert.StartsWith("OK size=700 hash-tiles=4 bundles=3 entries=700 inclusion-proofs=10 consistency=333->700", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Go_sumdb_rejects_a_changed_entry()
    {
        var (dir, signer) = await ExportLogAsync();
        try
        {
            // Flip one bit of the last byte of entry 3 (inside the entry, not its length prefix).
            var path = Path.Combine(dir, "tile", "entries", "000");
            var bundle = await File.ReadAllBytesAsync(path);
            var entries = EntryBundle.Decode(bundle);
            var at = entries.Take(3).Sum(e => 2 + e.Length) + 2 + entries[3].Length - 1;
            bundle[at] ^= 0x01;
            await File.WriteAllBytesAsync(path, bundle);
            Assert.NotEqual(entries[3], EntryBundle.Decode(bundle)[3]);

            var (exit, output) = await RunGoVerifierAsync(dir, signer.Verifier.ToString());
            Assert.True(exit != 0, $"the Go verifier accepted a changed entry:\n{output}");
            Assert.Contains("entry 3 in tile/entries/000 does not hash to its leaf hash", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Go_sumdb_rejects_a_changed_hash_tile()
    {
        var (dir, signer) = await ExportLogAsync();
        try
        {
            var path = Path.Combine(dir, "tile", "0", "001");
            var tile = await File.ReadAllBytesAsync(path);
            tile[100] ^= 0x80;
            await File.WriteAllBytesAsync(path, tile);

            var (exit, output) = await RunGoVerifierAsync(dir, signer.Verifier.ToString());
            Assert.True(exit != 0, $"the Go verifier accepted a changed hash tile:\n{output}");
            Assert.Contains("tile tile/0/001 does not hash to its parent's hash", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public async Task Go_sumdb_rejects_a_checkpoint_signed_by_another_key()
    {
        var (dir, signer) = await ExportLogAsync();
        try
        {
            var path = Path.Combine(dir, "checkpoint");
            var text = SignedNote.Parse(await File.ReadAllTextAsync(path)).Text;
            var forger = new NoteSigner(Origin, Ed25519.NewSeed());
            await File.WriteAllTextAsync(path, SignedNote.Sign(text, forger).Serialize());

            var (exit, output) = await RunGoVerifierAsync(dir, signer.Verifier.ToString());
            Assert.True(exit != 0, $"the Go verifier accepted a checkpoint signed by another key:\n{output}");
            Assert.Contains("FAIL: checkpoint checkpoint:", output);

            // And the forger's own key, which Go does accept, shows the refusal was about the key and nothing else.
            (exit, output) = await RunGoVerifierAsync(dir, forger.Verifier.ToString());
            Assert.True(exit != 0, $"the old checkpoint verified under the forger's key:\n{output}");
            Assert.Contains("FAIL: checkpoint old-checkpoint:", output);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    /// <summary>
    /// A 700-entry log (level-0 tiles 000 and 001 full, 002.p/188 partial; level-1 tile 000.p/2) exported as
    /// C2SP tlog-tiles, with the signed checkpoint of size 333 as "old-checkpoint" and Truce's proofs as "proofs.json".
    /// </summary>
    static async Task<(string Dir, NoteSigner Signer)> ExportLogAsync()
    {
        var store = new MemoryLogStore();
        var signer = new NoteSigner(Origin, Ed25519.NewSeed());
        string oldNote;
        string note;
        await using (var seq = new Sequencer(store, signer))
        {
            // Entries of varied lengths, including an empty one and a 300-byte one.
            static byte[] Entry(int i) => i switch
            {
                7 => [],
                8 => [.. Enumerable.Range(0, 300).Select(b => (byte)b)],
                _ => Encoding.UTF8.GetBytes($"{{\"entry\":{i},\"pad\":\"{new string('x', i % 37)}\"}}"),
            };
            await Task.WhenAll(Enumerable.Range(0, OldSize).Select(i => seq.AppendAsync(Entry(i))));
            oldNote = seq.CheckpointNote;
            await Task.WhenAll(Enumerable.Range(OldSize, Size - OldSize).Select(i => seq.AppendAsync(Entry(i))));
            note = seq.CheckpointNote;
        }
        var old = SignedCheckpoint.Open(oldNote, signer.Verifier).Checkpoint;
        var current = SignedCheckpoint.Open(note, signer.Verifier).Checkpoint;
        Assert.Equal(OldSize, old.Size);
        Assert.Equal(Size, current.Size);

        var dir = Directory.CreateTempSubdirectory("truce-go-interop").FullName;
        await LogTiles.ExportAsync(store, note, dir);
        await File.WriteAllTextAsync(Path.Combine(dir, "old-checkpoint"), oldNote);
        var proofs = new
        {
            size = current.Size,
            oldSize = old.Size,
            oldRoot = old.RootHash,
            inclusion = ProofIndexes.Select(i => new { index = i, proof = Proofs.Inclusion(i, Size, store) }),
            consistency = Proofs.Consistency(OldSize, Size, store),
        };
        await File.WriteAllBytesAsync(Path.Combine(dir, "proofs.json"), JsonSerializer.SerializeToUtf8Bytes(proofs));
        return (dir, signer);
    }

    static string FindGo()
    {
        var go = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator)
            .Append("/usr/bin").Append("/usr/lib/go/bin")
            .Select(d => Path.Combine(d, "go"))
            .FirstOrDefault(File.Exists);
        Assert.True(go is not null,
            "Go is not installed: these tests need go and Debian's golang-golang-x-mod-dev "
            + "(scripts/test installs them; or apt-get install golang-go golang-golang-x-mod-dev)");
        Assert.True(Directory.Exists(Path.Combine(GoPath, "src", "golang.org", "x", "mod", "sumdb", "tlog"))
                && Directory.Exists(Path.Combine(GoPath, "src", "golang.org", "x", "mod", "sumdb", "note")),
            $"golang.org/x/mod/sumdb is not under {GoPath}/src: these tests need Debian's golang-golang-x-mod-dev "
            + "(scripts/test installs it; or apt-get install golang-golang-x-mod-dev)");
        return go!;
    }

    static async Task<(int ExitCode, string Output)> RunGoVerifierAsync(string dir, string verifierKey)
    {
        var go = FindGo();
        var work = Directory.CreateTempSubdirectory("truce-go-verifier").FullName;
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "main.go"), GoVerifier.Replace("\r\n", "\n", StringComparison.Ordinal));
            Directory.CreateDirectory(GoCache);
            var psi = new ProcessStartInfo(go)
            {
                WorkingDirectory = work,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var arg in new[] { "run", "main.go", dir, verifierKey })
            {
                psi.ArgumentList.Add(arg);
            }
            psi.Environment["GO111MODULE"] = "off";
            psi.Environment["GOPATH"] = GoPath;
            psi.Environment["GOFLAGS"] = "";
            psi.Environment["GOCACHE"] = GoCache;
            psi.Environment["HOME"] = work;
            psi.Environment["CGO_ENABLED"] = "0";
            using var process = Process.Start(psi) ?? throw new InvalidOperationException($"could not start {go}");
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"the Go verifier did not finish in 120 s:\n{await stdout}{await stderr}");
            }
            return (process.ExitCode, (await stdout) + (await stderr));
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }
}
