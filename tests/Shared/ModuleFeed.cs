using System.Text.Json;
using System.Text.Json.Nodes;
using Truce.Core.Access;
using Truce.Core.Modules;
using Truce.Core.Parties;
using Truce.Ledger.Entries;

namespace Truce.Tests.Shared;

/// <summary>
/// Entries fed to whole modules in log order, as the projector feeds them: checked against the author's audience
/// class, applied to the books of the classes that see them, and a class that an entry splits off given a book built
/// from the earlier entries it may see. Several modules can be fed the same entries (one replayed from the start, one
/// loaded from a snapshot part of the way), so their states can be compared as the log goes on.
/// </summary>
sealed class ModuleFeed
{
    readonly List<(Envelope Env, JsonElement Body)> _entries = [];
    readonly List<IModule> _modules = [];

    public Registry Registry { get; } = ModuleLog<IModuleBook>.Parties();

    public ModuleFeed(IModule module) => Join(module);

    /// <summary>A module that starts from a snapshot of the others at this point: it takes part from the next entry on,
    /// with the audience classes the log has reached (the projector's replay finds them before it applies anything).</summary>
    public void Attach(IModule module)
    {
        Join(module);
        foreach (var (env, _) in _entries)
        {
            module.Audiences.Admit(env, []);
        }
        module.Audiences.Publish();
    }

    void Join(IModule module)
    {
        foreach (var p in Registry.Parties)
        {
            module.Audiences.Join(p.Id, Registry.IsMissionParty(p.Id));
        }
        module.Audiences.Publish();
        _modules.Add(module);
    }

    public long Add(string kind, string party, JsonNode body, Visibility visibility = Visibility.Public, IReadOnlyList<string>? to = null,
        DateTimeOffset? time = null)
    {
        var env = ModuleLog<IModuleBook>.Env(kind, party, time ?? new DateTimeOffset(2021, 1, 1, 0, 0, 0, TimeSpan.Zero), visibility, to);
        var b = JsonSerializer.SerializeToElement(body);
        var index = ModuleLog<IModuleBook>.FirstIndex + _entries.Count;
        foreach (var m in _modules)
        {
            m.Check(index, env, b, Registry);
        }
        _entries.Add((env, b));
        foreach (var m in _modules)
        {
            var forks = new List<(int From, int To)>();
            var seeing = m.Audiences.Admit(env, forks);
            foreach (var (_, cls) in forks)
            {
                Build(m, cls, index);
            }
            m.Audiences.Publish();
            m.Apply(index, env, b, seeing);
        }
        return index;
    }

    void Build(IModule module, int cls, long upTo)
    {
        module.NewBook(cls);
        var reader = module.Audiences.Representative(cls);
        for (int i = 0; i + ModuleLog<IModuleBook>.FirstIndex < upTo; i++)
        {
            if (reader.CanSee(_entries[i].Env))
            {
                module.Apply(i + ModuleLog<IModuleBook>.FirstIndex, _entries[i].Env, _entries[i].Body, [cls]);
            }
        }
    }
}
