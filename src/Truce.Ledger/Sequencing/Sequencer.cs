using System.Threading.Channels;
using Truce.Ledger.Merkle;
using Truce.Ledger.Notes;
using Truce.Ledger.Tiles;

namespace Truce.Ledger.Sequencing;

/// <summary>
/// The single writer of a log. Writers queue leaves; one loop takes every queued leaf (up to
/// <see cref="MaxBatch"/>), admits them in order, extends the tree, signs one checkpoint, and persists all of it
/// in one store transaction (group commit). Persist first, then publish: the in-memory head moves, and
/// writers are answered, only after the store says the batch is durable.
/// </summary>
public sealed class Sequencer : IAsyncDisposable
{
    public const int MaxBatch = 4096;

    /// <summary>Below this many queued leaves, and when the last batch had company, the writer lingers (see <see cref="Run"/>).</summary>
    const int GroupTarget = 128;
    static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(1);

    readonly ILogStore _store;
    readonly NoteSigner? _signer;
    readonly NoteVerifier _verifier;
    readonly IAdmission? _admission;
    readonly ICommitObserver? _observer;
    readonly TimeProvider _time;
    readonly Channel<Pending> _queue = Channel.CreateBounded<Pending>(new BoundedChannelOptions(MaxBatch * 16)
    {
        SingleReader = true,
        FullMode = BoundedChannelFullMode.Wait,
    });
    readonly Task _loop;
    CompactRange _tree;
    volatile string _checkpoint;
    long _size;
    readonly object _cosignLock = new();

    /// <summary>A queued leaf; its hash is taken on the caller's thread (callers run in parallel), not on the single writer.</summary>
    sealed record Pending(byte[] Leaf, byte[] LeafHash, byte[]? Body, object? Tag, TaskCompletionSource<Appended> Done);

    public Sequencer(ILogStore store, NoteSigner signer, IAdmission? admission = null, ICommitObserver? observer = null,
        TimeProvider? time = null) : this(store, signer.Verifier, signer, admission, observer, time)
    {
    }

    /// <summary>
    /// A sequencer of a log that another holds the key of (a mirror's copy of it): it publishes the stored head
    /// (<see cref="Reload"/>) and never appends, as it cannot sign a checkpoint.
    /// </summary>
    public Sequencer(ILogStore store, NoteVerifier logKey, IAdmission? admission = null, ICommitObserver? observer = null,
        TimeProvider? time = null) : this(store, logKey, null, admission, observer, time)
    {
    }

    Sequencer(ILogStore store, NoteVerifier verifier, NoteSigner? signer, IAdmission? admission, ICommitObserver? observer, TimeProvider? time)
    {
        _store = store;
        _signer = signer;
        _verifier = verifier;
        _admission = admission;
        _observer = observer;
        _time = time ?? TimeProvider.System;
        var (size, note) = store.LoadHead();
        _tree = CompactRange.Load(size, store);
        _size = size;
        _checkpoint = note ?? SignCheckpoint(_tree);
        if (note is null)
        {
            store.Append(new LogBatch(0, [], [], [], 0, _checkpoint, []));
        }
        // A thread of its own: the loop blocks on every commit's fsync, and a blocked pool thread makes the pool
        // add threads that then compete with the writers for the cores.
        _loop = Task.Factory.StartNew(Run, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public string Origin => _verifier.Name;

    /// <summary>False for a sequencer of a log whose key it does not hold: it only follows the stored head.</summary>
    public bool CanSign => _signer is not null;

    /// <summary>The exception the observer threw, while what it derives is behind the log (for health checks).</summary>
    public Exception? ObserverFailure { get; private set; }

    /// <summary>The latest published signed checkpoint note (with any cosignatures).</summary>
    public string CheckpointNote => _checkpoint;

    /// <summary>The size of the latest published checkpoint.</summary>
    public long Size => Volatile.Read(ref _size);

    /// <summary>
    /// Queues a leaf. Completes when the batch holding it is durable; faults with the admission's exception if
    /// it was refused, or with the store's if the batch could not be stored.
    /// </summary>
    public Task<Appended> AppendAsync(byte[] leaf, object? tag = null, CancellationToken ct = default) =>
        AppendAsync(leaf, null, tag, ct);

    /// <summary>Queues a leaf with the body it commits to (see <see cref="AppendAsync(byte[], object?, CancellationToken)"/>).</summary>
    public Task<Appended> AppendAsync(byte[] leaf, byte[]? body, object? tag, CancellationToken ct = default)
    {
        if (leaf.Length > EntryBundle.MaxEntrySize)
        {
            throw new ArgumentException($"an entry is at most {EntryBundle.MaxEntrySize} bytes; this one is {leaf.Length}");
        }
        var p = new Pending(leaf, Hashing.Leaf(leaf), body, tag, new TaskCompletionSource<Appended>(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_queue.Writer.TryWrite(p))
        {
            return WriteSlowAsync(p, ct);
        }
        return p.Done.Task;
    }

    async Task<Appended> WriteSlowAsync(Pending p, CancellationToken ct)
    {
        await _queue.Writer.WriteAsync(p, ct).ConfigureAwait(false);
        return await p.Done.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Adds cosignatures to the current checkpoint if it is still the one they sign (compare-and-swap against
    /// the store). Returns false if the log has moved on.
    /// </summary>
    public bool AddCosignatures(string checkpointText, IReadOnlyList<NoteSignature> signatures)
    {
        lock (_cosignLock)
        {
            var current = _checkpoint;
            var note = SignedNote.Parse(current);
            if (note.Text != checkpointText)
            {
                return false;
            }
            var updated = note.With(signatures).Serialize();
            var size = Checkpoint.Parse(note.Text).Size;
            if (!_store.ReplaceCheckpoint(size, current, updated))
            {
                return false;
            }
            Interlocked.CompareExchange(ref _checkpoint!, updated, current);
            return true;
        }
    }

    /// <summary>
    /// Takes the store's head as this sequencer's own: for a process that follows a log another process writes (several
    /// servers on one database), which appends nothing meanwhile, so that when it becomes the writer its next batch
    /// extends the tree the store holds and its compare-and-swap expects the head the store has. A new head must carry
    /// the log key's signature and be of the stored size, since it is published as this log's checkpoint. True if the
    /// head moved.
    /// </summary>
    public bool Reload()
    {
        lock (_cosignLock)
        {
            var (size, note) = _store.LoadHead();
            if (note is null)
            {
                throw new InvalidDataException("the store has no checkpoint to follow");
            }
            if (note == _checkpoint)
            {
                return false;
            }
            if (SignedCheckpoint.Open(note, _verifier).Checkpoint.Size != size)
            {
                throw new InvalidDataException($"the stored head's checkpoint is not of its size {size}");
            }
            _tree = CompactRange.Load(size, _store);
            _checkpoint = note;
            Volatile.Write(ref _size, size);
            return true;
        }
    }

    /// <summary>The name of the sequencer's thread (profilers and the load driver look for it).</summary>
    public const string ThreadName = "truce-sequencer";

    void Run()
    {
        Thread.CurrentThread.Name = ThreadName;
        var reader = _queue.Reader;
        var batch = new List<Pending>(MaxBatch);
        var lastBatch = 0;
        void Drain()
        {
            while (batch.Count < MaxBatch && reader.TryRead(out var p))
            {
                batch.Add(p);
            }
        }
        while (reader.WaitToReadAsync().AsTask().GetAwaiter().GetResult())
        {
            batch.Clear();
            Drain();
            if (batch.Count < GroupTarget && lastBatch > 1)
            {
                // Group commit under load: a commit has a fixed cost (two transactions and an fsync, some 185 µs of
                // CPU, and a checkpoint signature), so when writers are many but only a few leaves have arrived, wait
                // a moment for the rest rather than pay it for each handful. A lone writer (batches of one) never waits.
                Thread.Sleep(Linger);
                Drain();
            }
            lastBatch = batch.Count;
            try
            {
                Integrate(batch);
            }
            catch (Exception e)
            {
                // The single writer must outlive any batch: a writer thread that died would leave every later write
                // waiting for ever.
                Fail(batch, e, "the log could not take this batch");
            }
        }
    }

    /// <summary>A failed batch's rollback itself failed: admission state is unknown until a rollback succeeds.</summary>
    bool _rollbackPending;

    void Integrate(List<Pending> pending)
    {
        if (Recovered(pending) && Admitted(pending) is { Count: > 0 } admitted)
        {
            Commit(admitted);
        }
    }

    /// <summary>
    /// Mends what a failed batch left before the next one is admitted: a rollback that failed, views behind the log.
    /// False (and the batch's writers told) if it cannot.
    /// </summary>
    bool Recovered(List<Pending> pending)
    {
        if (_rollbackPending)
        {
            try
            {
                _admission?.Rollback();
                _rollbackPending = false;
            }
            catch (Exception e)
            {
                Fail(pending, e, "the log could not restore its state after a failed batch");
                return false;
            }
        }
        if (ObserverFailure is not null && _observer is not null)
        {
            try
            {
                _observer.CatchUp();
                ObserverFailure = null;
            }
            catch (Exception e)
            {
                ObserverFailure = e;
                Fail(pending, e, "the log's views could not be brought up to date");
                return false;
            }
        }
        return true;
    }

    /// <summary>The entries the admission takes, in order; each refused one's writer is told why. Null (and every
    /// writer told) if the batch could not be checked at all.</summary>
    List<Pending>? Admitted(List<Pending> pending)
    {
        try
        {
            _admission?.BeginBatch([.. pending.Select(p => p.Tag)]);
        }
        catch (Exception e)
        {
            Fail(pending, e, "the log could not check this batch");
            return null;
        }
        var admitted = new List<Pending>(pending.Count);
        foreach (var p in pending)
        {
            try
            {
                _admission?.Admit(p.Leaf, p.Tag);
                admitted.Add(p);
            }
            catch (Exception e)
            {
                p.Done.TrySetException(e);
            }
        }
        return admitted;
    }

    /// <summary>Extends the tree, signs a checkpoint, stores the batch, and only then publishes it.</summary>
    void Commit(List<Pending> admitted)
    {
        var tree = _tree.Clone();
        var first = tree.Size;
        var nodes = new List<(NodeId, byte[])>(admitted.Count * 2);
        foreach (var p in admitted)
        {
            tree.Append(p.LeafHash, nodes);
        }
        var note = SignCheckpoint(tree);
        var batch = new LogBatch(first, [.. admitted.Select(p => p.Leaf)], [.. admitted.Select(p => p.Body)], nodes, tree.Size, note, [.. admitted.Select(p => p.Tag)]);
        try
        {
            _store.Append(batch);
        }
        catch (Exception e)
        {
            // Nothing moved: the tree, the head and the checkpoint are still the last durable ones, and the
            // admission forgets what it admitted, so the next batch starts from the stored state.
            try
            {
                _admission?.Rollback();
            }
            catch (Exception)
            {
                _rollbackPending = true;
            }
            Fail(admitted, e, "the log could not store this batch");
            return;
        }
        _tree = tree;
        lock (_cosignLock)
        {
            _checkpoint = note;
            Volatile.Write(ref _size, tree.Size);
        }
        try
        {
            _observer?.Committed(batch);
        }
        catch (Exception e)
        {
            // The batch is durable whatever the observer does, so its writers are answered; the observer catches
            // up from the log before the next batch (and at start-up).
            ObserverFailure = e;
        }
        for (int i = 0; i < admitted.Count; i++)
        {
            admitted[i].Done.TrySetResult(new Appended(first + i, tree.Size));
        }
    }

    static void Fail(IEnumerable<Pending> pending, Exception e, string what)
    {
        var message = e is StorageFullException ? $"{e.Message}; the entry was not stored, retry later" : what;
        foreach (var p in pending)
        {
            p.Done.TrySetException(new LogUnavailableException(message, e));
        }
    }

    string SignCheckpoint(CompactRange tree)
    {
        var signer = _signer ?? throw new InvalidOperationException("this log's signing key is not here: its copy is only followed");
        var text = new Checkpoint(signer.Name, tree.Size, tree.RootHash()).ToText();
        return SignedNote.Sign(text, signer).Serialize();
    }

    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await _loop.ConfigureAwait(false);
    }
}
