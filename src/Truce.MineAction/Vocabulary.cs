namespace Truce.MineAction;

/// <summary>
/// The controlled vocabularies, after IMAS 04.10 (glossary), 07.11 (land release), 08.10 (non-technical survey),
/// 08.20 (technical survey), 09.10 (clearance), GICHD's minimum data requirements, and CCW Amended Protocol II's
/// technical annex. Spelled as lower-case identifiers so entries stay language-neutral.
/// </summary>
public static class Vocabulary
{
    /// <summary>Suspected and confirmed hazardous areas.</summary>
    public static readonly string[] HazardTypes = ["SHA", "CHA"];

    public static readonly string[] HazardStatuses = ["open", "closed", "handed-over"];

    public static readonly string[] DeviceCategories = ["ap-mine", "at-mine", "improvised-mine", "cluster-munition", "uxo", "axo", "booby-trap", "ied"];

    /// <summary>
    /// How mine action files elsewhere name the device categories (IMAS 04.10 terms, their usual abbreviations, and
    /// the spellings of common information management exports), compared without case, spaces, hyphens or a plural
    /// "s". Imports read them as the category; an entry's body takes the category's own word only.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> DeviceAliases = new Dictionary<string, string>
    {
        ["apmine"] = "ap-mine",
        ["apm"] = "ap-mine",
        ["antipersonnelmine"] = "ap-mine",
        ["antipersonnel"] = "ap-mine",
        ["atmine"] = "at-mine",
        ["atm"] = "at-mine",
        ["antitankmine"] = "at-mine",
        ["antivehiclemine"] = "at-mine",
        ["avm"] = "at-mine",
        ["antitank"] = "at-mine",
        ["improvisedmine"] = "improvised-mine",
        ["improvisedexplosivedevice"] = "ied",
        ["ied"] = "ied",
        ["clustermunition"] = "cluster-munition",
        ["submunition"] = "cluster-munition",
        ["cm"] = "cluster-munition",
        ["cluster"] = "cluster-munition",
        ["uxo"] = "uxo",
        ["unexplodedordnance"] = "uxo",
        ["erw"] = "uxo",
        ["axo"] = "axo",
        ["abandonedexplosiveordnance"] = "axo",
        ["boobytrap"] = "booby-trap",
    };

    /// <summary>A device word as an import file gives it, as the category (<see cref="DeviceAliases"/>); unknown words
    /// are returned as given, for the body's check to name.</summary>
    public static string Device(string word) => Alias(word, DeviceCategories, DeviceAliases);

    /// <summary>
    /// How other files name a hazard's status (IMSMA-style exports: "Active", "Worked on", "Cancelled", "Cleared"):
    /// compared as <see cref="Device"/> compares. A hazard whose land was cancelled, reduced away or cleared is closed;
    /// the figures of what was released go in its <c>released</c> field.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> StatusAliases = new Dictionary<string, string>
    {
        ["open"] = "open",
        ["active"] = "open",
        ["workedon"] = "open",
        ["ongoing"] = "open",
        ["inprogress"] = "open",
        ["suspended"] = "open",
        ["closed"] = "closed",
        ["cancelled"] = "closed",
        ["canceled"] = "closed",
        ["cleared"] = "closed",
        ["released"] = "closed",
        ["completed"] = "closed",
        ["complete"] = "closed",
        ["handedover"] = "handed-over",
        ["handover"] = "handed-over",
    };

    /// <summary>How other files name the hazard types (IMAS 04.10; "DHA", a defined hazardous area, is the older name of a CHA).</summary>
    public static readonly IReadOnlyDictionary<string, string> TypeAliases = new Dictionary<string, string>
    {
        ["sha"] = "SHA",
        ["suspectedhazardousarea"] = "SHA",
        ["suspectedarea"] = "SHA",
        ["suspected"] = "SHA",
        ["cha"] = "CHA",
        ["confirmedhazardousarea"] = "CHA",
        ["confirmed"] = "CHA",
        ["dha"] = "CHA",
        ["definedhazardousarea"] = "CHA",
    };

    /// <summary>A status word as an import file gives it, as the status (<see cref="StatusAliases"/>); unknown words are
    /// returned as given, for the body's check to name.</summary>
    public static string Status(string word) => Alias(word, HazardStatuses, StatusAliases);

    /// <summary>A hazard type as an import file gives it (<see cref="TypeAliases"/>).</summary>
    public static string HazardType(string word) => Alias(word, HazardTypes, TypeAliases);

    static string Alias(string word, string[] own, IReadOnlyDictionary<string, string> aliases)
    {
        var key = new string([.. word.ToLowerInvariant().Where(char.IsLetter)]);
        // A plural "s" is dropped unless the word itself ends in one ("in progress").
        return own.Contains(word) ? word
            : aliases.GetValueOrDefault(key) ?? (key.Length > 3 && key.EndsWith('s') ? aliases.GetValueOrDefault(key[..^1]) : null) ?? word;
    }

    /// <summary>Evidence of contamination, direct then indirect (IMAS 08.10).</summary>
    public static readonly string[] DirectEvidence = ["detonation", "accident", "reliable-record", "signs-or-fence", "sighting"];
    public static readonly string[] IndirectEvidence = ["old-survey", "former-front-line", "unused-productive-land", "hearsay"];
    public static readonly string[] Evidence = [.. DirectEvidence, .. IndirectEvidence];
    public static readonly string[] Reliability = ["high", "medium", "low"];

    public static readonly string[] Blockages = ["road", "farmland", "pasture", "water", "housing", "infrastructure", "school", "health-facility", "forest", "other"];

    public static readonly string[] SourceKinds = ["minefield-record", "accident", "survey", "report", "incident", "ordnance"];

    /// <summary>Land release activities (IMAS 07.11) and what each may release.</summary>
    public static readonly string[] ActivityTypes = ["non-technical-survey", "technical-survey", "clearance", "battle-area-clearance", "eod-spot-task",
        "completion-report", "handover-certificate"];

    public static readonly string[] ActivityStatuses = ["planned", "ongoing", "suspended", "completed"];
    public static readonly string[] Methods = ["manual", "mechanical", "mine-detection-dog", "mixed", "visual", "detector", "none"];

    /// <summary>Outcomes of land release, in the order they are subtracted from a hazard.</summary>
    public static readonly string[] Outcomes = ["cancelled", "reduced", "cleared"];

    public static readonly string[] OrdnanceCategories = ["ap-mine", "at-mine", "improvised-mine", "uxo", "axo", "submunition", "missile-remains",
        "rocket", "mortar", "artillery-shell", "grenade", "small-arms-ammunition", "booby-trap", "ied", "other"];

    public static readonly string[] Conditions = ["intact", "damaged", "fragments", "functioned", "unknown"];
    public static readonly string[] FuzeStates = ["armed", "unarmed", "none", "unknown"];
    public static readonly string[] OrdnanceActions = ["destroyed-in-situ", "removed", "handed-over-as-evidence", "rendered-safe", "left-marked", "none"];

    public static readonly string[] AccidentKinds = ["civilian", "demining"];
    public static readonly string[] Activations = ["stepped-on", "vehicle", "handling", "tampering", "agricultural-work", "tripwire", "demining-procedure", "unknown"];

    public static readonly string[] Sexes = ["female", "male", "unknown"];
    public static readonly string[] VictimRoles = ["civilian", "deminer", "military", "unknown"];
    public static readonly string[] VictimOutcomes = ["killed", "injured"];
    public static readonly string[] VictimActivities = ["farming", "herding", "travelling", "collecting-wood", "collecting-scrap", "playing", "returning-home",
        "construction", "demining", "military-duty", "other", "unknown"];

    /// <summary>CCW APII minefield patterns and the record's fields for mines.</summary>
    public static readonly string[] MinefieldPatterns = ["row", "cluster", "scattered", "remotely-delivered", "nuisance"];
    public static readonly string[] MineTypes = ["ap", "at"];
    public static readonly string[] Emplacing = ["hand", "mechanical", "remotely-delivered", "unknown"];
    public static readonly string[] Fuzes = ["pressure", "tripwire", "tilt-rod", "magnetic", "seismic", "command", "break-wire", "unknown"];

    public static readonly string[] Nonconformities = ["minor", "major", "critical"];
    public static readonly string[] VisitResults = ["satisfactory", "unsatisfactory", "suspended"];

    /// <summary>Age groups for public counts: a victim's exact age is personal, the group is not.</summary>
    public static string AgeGroup(int? age) => age switch
    {
        null => "unknown",
        < 18 => "0-17",
        < 60 => "18-59",
        _ => "60+",
    };
}
