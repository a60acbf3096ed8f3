using Truce.Core.Entries;
using Truce.Core.Modules;

namespace Truce.Incidents.Kinds;

/// <summary>A kind only a mission party (the mission, the force, the monitoring centre) may submit: the assessment of
/// incidents, and the settings, vocabulary and places it works with.</summary>
abstract class MissionKind<TBody>(string name, params string[] roles) : EntryKind<IncidentBook, TBody>(name, roles)
    where TBody : class
{
    public sealed override void Authorize(CheckContext ctx)
    {
        if (!ctx.ByMission)
        {
            throw new RefusedException(RefusalKind.Forbidden, $"{Name} is the mission's assessment: only a mission party may submit it");
        }
    }
}
