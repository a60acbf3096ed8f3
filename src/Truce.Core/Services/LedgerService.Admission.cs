using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Modules;
using Truce.Ledger.Entries;
using Truce.Ledger.Sequencing;

namespace Truce.Core.Services;

public sealed partial class LedgerService
{
    /// <summary>Admission on the single writer: what depends on log order.</summary>
    sealed class Admission(LedgerService svc) : IAdmission, ICommitObserver
    {
        readonly Dictionary<(string, string), long> _pendingCids = [];
        IReadOnlyDictionary<(string Party, string Cid), long>? _loggedCids;
        long _next = -1;
        bool _registryChanged;

        public void BeginBatch(IReadOnlyList<object?> tags) =>
            _loggedCids = svc._views.FindIndexesByCid([.. tags.Select(t => ((Pending)t!).Envelope).Select(e => (e.Party, e.Cid))]);

        /// <summary>From the batch's one look-up; entry by entry if the sequencer did not begin a batch.</summary>
        long? LoggedIndex(Envelope env) => _loggedCids is { } logged
            ? logged.TryGetValue((env.Party, env.Cid), out var i) ? i : null
            : svc._views.FindByCid(env.Party, env.Cid)?.Index;

        public void Admit(byte[] leaf, object? tag)
        {
            var p = (Pending)tag!;
            var env = p.Envelope;
            if (_next < 0)
            {
                _next = svc.Sequencer.Size;
            }
            var index = _next;
            if (LoggedIndex(env) is { } existing)
            {
                throw new RefusedException(RefusalKind.Conflict,
                    $"replay: party '{env.Party}' already logged client id '{env.Cid}' as entry {existing}")
                { ExistingIndex = existing };
            }
            if (_pendingCids.TryGetValue((env.Party, env.Cid), out var inFlight))
            {
                throw new RefusedException(RefusalKind.Conflict,
                    $"replay: party '{env.Party}' already logged client id '{env.Cid}' as entry {inFlight}")
                { ExistingIndex = inFlight };
            }
            // The sequencer is the registry's only writer, so its own reads need no lock; the write lock is taken
            // only to change the registry, which few kinds do (readers on every request thread would queue behind it).
            var problem = svc.Registry.CheckSigner(index, env, verifySignature: false);
            if (problem is not null)
            {
                throw new RefusedException(RefusalKind.BadSignature, problem);
            }
            BodyRules.Check(index, env, p.Body, svc.Registry, svc._projector.ModuleFor(env.Kind));
            if (env.Kind == EntryKinds.Erase)
            {
                CheckErase(env, p.Body);
            }
            if (EntryKinds.ChangesRegistry(env.Kind))
            {
                svc.ChangeRegistry(() => svc.Registry.Apply(index, env, p.Body));
                _registryChanged = true;
            }
            _pendingCids[(env.Party, env.Cid)] = index;
            _next++;
        }

        /// <summary>
        /// An erasure's target must be an entry its author may see, not a registry entry (every signature is checked against those), and everyone who may see the target
        /// must see the erasure too: a reader's answers may not change because of an entry that reader cannot see.
        /// </summary>
        void CheckErase(Envelope env, JsonElement body)
        {
            var author = new Reader(env.Party, svc.Registry.IsMissionParty(env.Party));
            var index = body.GetProperty("target").GetInt64();
            // Which indexes hold entries is public (the log publishes every envelope); their content is not.
            var target = svc._views.Get(index) is { } row && author.CanSee(row) ? row
                : throw new ValidationException("body.target", "is not an entry you may see");
            if (target.Party != env.Party && env.Party != svc.Registry.MissionParty)
            {
                throw new RefusedException(RefusalKind.Forbidden, "only the author's party or the mission may erase an entry's body");
            }
            if (EntryKinds.ChangesRegistry(target.Kind) || target.Kind == EntryKinds.Erase)
            {
                // The registry checks every signature, and an erasure accounts for its target's missing body.
                throw new ValidationException("body.target", $"entry {index} is a {target.Kind} entry, which is never erased");
            }
            var readers = svc.Registry.Parties.Select(p => new Reader(p.Id, svc.Registry.IsMissionParty(p.Id))).Prepend(Reader.Anonymous);
            if (readers.FirstOrDefault(r => r.CanSee(target) && !r.CanSee(env)) is { } missed)
            {
                throw new ValidationException("envelope.vis", $"an erasure is seen by everyone who may see its target, and {(missed.Party is null ? "the public" : $"party '{missed.Party}'")} may see entry {index}");
            }
        }

        public void Rollback()
        {
            _pendingCids.Clear();
            _loggedCids = null;
            _next = -1;
            if (!_registryChanged)
            {
                return; // only registry kinds change the registry; modules and views see nothing before a commit
            }
            _registryChanged = false;
            var registry = RegistryReplay.Of(svc._store, svc._store.LoadHead().Size);
            svc.ChangeRegistry(() => svc.Registry = registry);
        }

        /// <summary>A module failed (a bug): its books are half applied, and only a replay of the log may mend them.</summary>
        bool _modulesBehind;

        public void Committed(LogBatch batch)
        {
            _registryChanged = false;
            try
            {
                svc._projector.Apply(batch.FirstIndex, [.. batch.Tags.Select(t => ((Pending)t!).Envelope)],
                    [.. batch.Tags.Select(t => (JsonElement?)((Pending)t!).Body)], batch.TreeSize, svc.Registry);
            }
            catch (ModuleFailedException)
            {
                _modulesBehind = true;
                throw;
            }
            _pendingCids.Clear();
            _loggedCids = null;
            svc.Grew();
        }

        public void CatchUp()
        {
            if (svc._projector.CatchUp(null) || _modulesBehind)
            {
                svc._projector.Replay();
                _modulesBehind = false;
            }
            // The stored views now hold every committed client id: the admission's own record of them can go.
            _pendingCids.Clear();
            _loggedCids = null;
        }
    }
}
