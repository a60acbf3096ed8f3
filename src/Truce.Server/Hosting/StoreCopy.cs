using Truce.Core.Entries;
using Truce.Ledger.Merkle;
using Truce.Ledger.Sequencing;

namespace Truce.Server.Hosting;

/// <summary>
/// Copies a log from one store into an empty one as it was written: one batch per stored checkpoint, with that
/// checkpoint's own note, its leaves, the bodies still stored (an erased body stays erased) and the nodes it completed;
/// then the credentials. Views are not copied: the target's are rebuilt from its log when it opens. Reads only up to the
/// source's head when the copy began, so a server may go on writing to the source meanwhile.
/// </summary>
public static class StoreCopy
{
    const int Window = 4096;

    /// <summary>Returns the latest checkpoint note copied.</summary>
    public static string Copy(DeploymentStore from, DeploymentStore to, IProgress<(long Done, long Total)>? progress = null)
    {
        var (size, note) = from.Log.LoadHead();
        if (note is null)
        {
            throw new InvalidDataException($"{from.Location} holds no log");
        }
        if (to.Log.LoadHead().Size != 0)
        {
            throw new ValidationException("--to", $"{to.Location} already holds a log; a copy goes into an empty store");
        }
        var checkpoints = from.History.ReadCheckpoints().Where(c => c.Size <= size).ToList();
        long at = 0;
        for (var next = 0; next < checkpoints.Count;)
        {
            // A window of whole batches, read at once.
            var last = next;
            while (last + 1 < checkpoints.Count && checkpoints[last + 1].Size - at <= Window)
            {
                last++;
            }
            var windowStart = at;
            var end = checkpoints[last].Size;
            var leaves = from.Log.ReadLeaves(windowStart, (int)(end - windowStart));
            var bodies = from.History.ReadBodies(windowStart, (int)(end - windowStart));
            var nodes = from.History.ReadNodesCompletedBy(windowStart, end);
            var n = 0;
            for (var i = next; i <= last; i++)
            {
                var (batchEnd, batchNote) = checkpoints[i];
                var batchNodes = new List<(NodeId, byte[])>();
                while (n < nodes.Count && CompletedAt(nodes[n].Id) < batchEnd)
                {
                    batchNodes.Add(nodes[n++]);
                }
                var first = at;
                var count = (int)(batchEnd - first);
                to.Log.Append(new LogBatch(first, [.. leaves.Skip((int)(first - windowStart)).Take(count)],
                    [.. Enumerable.Range(0, count).Select(j => bodies.GetValueOrDefault(first + j))], batchNodes, batchEnd, batchNote,
                    [.. Enumerable.Repeat<object?>(null, count)]));
                at = batchEnd;
            }
            next = last + 1;
            progress?.Report((at, size));
        }
        foreach (var (hash, row) in from.Views.AllTokens())
        {
            to.Views.SaveToken(hash, row);
        }
        return checkpoints[^1].Note;
    }

    static long CompletedAt(NodeId id) => ((id.Index + 1) << id.Level) - 1;
}
