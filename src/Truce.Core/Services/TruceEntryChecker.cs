using System.Text.Json;
using Truce.Core.Access;
using Truce.Core.Entries;
using Truce.Core.Parties;
using Truce.Ledger.Entries;
using Truce.Ledger.Verification;

namespace Truce.Core.Services;

/// <summary>
/// A body the auditor asked for could not be read (the server answered with an error, say a damaged store's 500):
/// unlike an erased or withheld body, for which the reader returns null, this is a problem of the entry.
/// </summary>
public sealed class BodyUnavailableException(string message) : Exception(message);

/// <summary>
/// The auditor's Truce-level check of each entry, in log order: a canonical envelope of this log, signed by a key
/// that the log's own registry entries (genesis, party registrations, key rotations and revocations) make valid
/// for that party at that index, and, for each body it can read, a body that hashes to the envelope's digest.
/// <paramref name="readBody"/> returns null for a body that is not there to check (erased, not in the copy) and
/// throws <see cref="BodyUnavailableException"/> for one it asked for and did not get: every public body and every
/// registry body is asked for, and a public one that cannot be read fails its entry rather than being skipped.
/// </summary>
public sealed class TruceEntryChecker(string origin, Func<long, byte[]?> readBody) : IEntryChecker
{
    readonly Registry _registry = new();
    readonly HashSet<(string, string)> _cids = [];

    public int BodiesChecked { get; private set; }

    /// <summary>Called with each body that hashes to its envelope's digest (a check of evidence files against the log
    /// reads the <c>evidence.add</c> bodies this way).</summary>
    public Action<long, Envelope, JsonElement>? Checked { get; init; }

    public IEnumerable<AuditProblem> Check(long index, byte[] entry)
    {
        Envelope env;
        try
        {
            env = Envelope.FromLeaf(entry);
        }
        catch (FormatException e)
        {
            return [new AuditProblem(index, $"not a Truce envelope: {e.Message}")];
        }
        try
        {
            Visibilities.Check(env);
        }
        catch (ValidationException e)
        {
            return [new AuditProblem(index, $"not a Truce envelope: {e.Message}")];
        }
        var problems = new List<AuditProblem>();
        if (env.Log != origin)
        {
            problems.Add(new AuditProblem(index, $"belongs to log '{env.Log}', not '{origin}'"));
        }
        if (!_cids.Add((env.Party, env.Cid)))
        {
            problems.Add(new AuditProblem(index, $"replayed: party '{env.Party}' already used client id '{env.Cid}'"));
        }
        var needBody = EntryKinds.ChangesRegistry(env.Kind);
        var parsed = Body(index, env, needBody, problems);
        if (index == 0 && env.Kind == EntryKinds.Genesis && parsed is { } g)
        {
            try
            {
                BodyRules.Check(0, env, g, _registry);
            }
            catch (Exception e) when (e is ValidationException or RefusedException)
            {
                problems.Add(new AuditProblem(index, $"bad genesis: {e.Message}"));
            }
        }
        else if (_registry.CheckSigner(index, env) is { } why)
        {
            problems.Add(new AuditProblem(index, $"bad or unknown signature: {why}"));
        }
        if (needBody && parsed is null && env.Kind is not (EntryKinds.MemberAdd or EntryKinds.MemberRemove))
        {
            problems.Add(new AuditProblem(index, $"the body of this {env.Kind} entry cannot be read, so later signatures cannot be checked"));
        }
        if (problems.Count == 0)
        {
            _registry.Apply(index, env, parsed);
        }
        return problems;
    }

    /// <summary>The body, where the registry needs it or anyone may read it, parsed only if it hashes to the
    /// envelope's digest.</summary>
    JsonElement? Body(long index, Envelope env, bool needBody, List<AuditProblem> problems)
    {
        if (!needBody && env.Visibility != Visibility.Public)
        {
            return null;
        }
        byte[]? body;
        try
        {
            body = readBody(index);
        }
        catch (BodyUnavailableException e)
        {
            // Every reader is owed a public body; a registry body that is not public (a member's) may be withheld
            // from this one, and the check below says what that costs.
            if (env.Visibility == Visibility.Public)
            {
                problems.Add(new AuditProblem(index, $"the body could not be read: {e.Message}"));
            }
            return null;
        }
        if (body is null)
        {
            return null;
        }
        BodiesChecked++;
        try
        {
            if (Envelope.DigestOf(CanonicalJson.Canonicalize(body)) != env.Body)
            {
                problems.Add(new AuditProblem(index, "the body does not hash to the envelope's digest"));
                return null;
            }
        }
        catch (Exception e) when (e is JsonException or CanonicalJsonException)
        {
            problems.Add(new AuditProblem(index, $"the body is not JSON that RFC 8785 can canonicalize: {e.Message}"));
            return null;
        }
        var parsed = JsonDocument.Parse(body).RootElement.Clone();
        Checked?.Invoke(index, env, parsed);
        return parsed;
    }
}
