using System.Text;

namespace Truce.Places;

/// <summary>The two keys names are compared by: a folded form (case and diacritics) and a looser transliteration skeleton.</summary>
/// <remarks>
/// Written out by hand because Truce runs with invariant globalization, where string.Normalize does not decompose
/// and "İ" does not lower-case: neither can strip Azerbaijani or Turkish diacritics there.
/// </remarks>
internal static class NameKey
{
    private static readonly Dictionary<char, char> Plain = BuildPlain();

    private static Dictionary<char, char> BuildPlain()
    {
        // Each group: the plain letter first, then the letters that fold to it.
        string[] groups =
        [
            "aàáâãäåāăąǎ", "cçćĉċč", "dďđ", "eèéêëēĕėęěəǝ", "gĝğġģǧ", "hĥħḩḥ", "iìíîïĩīĭįıǐİ", "jĵ", "kķ",
            "lĺļľŀł", "nñńņň", "oòóôõöøōŏőǒ", "rŕŗř", "sśŝşšș", "tţťŧț", "uùúûüũūŭůűųǔ", "wŵ", "yýÿŷ", "zźżž",
            "её",
        ];
        var map = new Dictionary<char, char>();
        foreach (var group in groups)
        {
            foreach (var c in group.AsSpan(1))
            {
                map[c] = group[0];
            }
        }
        return map;
    }

    /// <summary>
    /// Lower case, diacritics removed, apostrophes dropped, every other run of non-letters one space:
    /// "Ağdam" = "AGDAM", "Şuşa" = "susa", "Zarrit’ap’" = "zarritap". Scripts other than Latin keep their letters.
    /// </summary>
    public static string Fold(string text)
    {
        var sb = new StringBuilder(text.Length);
        var space = false;
        foreach (var raw in text)
        {
            if (raw is '\'' or '’' or '‘' or 'ʼ' or 'ʻ' or '`' or '´' or '\u055A' or '\u055B')
            {
                continue;
            }
            var c = raw == 'İ' ? 'i' : char.ToLowerInvariant(raw);
            if (Plain.TryGetValue(c, out var plain))
            {
                c = plain;
            }
            if (char.IsLetterOrDigit(c))
            {
                if (space && sb.Length > 0)
                {
                    sb.Append(' ');
                }
                sb.Append(c);
                space = false;
            }
            else
            {
                space = true;
            }
        }
        return sb.ToString();
    }

    private static readonly Dictionary<char, string> Cyrillic = new()
    {
        ['а'] = "a",
        ['б'] = "b",
        ['в'] = "v",
        ['г'] = "g",
        ['д'] = "d",
        ['е'] = "e",
        ['ж'] = "zh",
        ['з'] = "z",
        ['и'] = "i",
        ['й'] = "i",
        ['к'] = "k",
        ['л'] = "l",
        ['м'] = "m",
        ['н'] = "n",
        ['о'] = "o",
        ['п'] = "p",
        ['р'] = "r",
        ['с'] = "s",
        ['т'] = "t",
        ['у'] = "u",
        ['ф'] = "f",
        ['х'] = "kh",
        ['ц'] = "ts",
        ['ч'] = "ch",
        ['ш'] = "sh",
        ['щ'] = "sh",
        ['ъ'] = "",
        ['ы'] = "y",
        ['ь'] = "",
        ['э'] = "e",
        ['ю'] = "yu",
        ['я'] = "ya",
    };

    private static readonly Dictionary<char, string> Armenian = new()
    {
        ['ա'] = "a",
        ['բ'] = "b",
        ['գ'] = "g",
        ['դ'] = "d",
        ['ե'] = "e",
        ['զ'] = "z",
        ['է'] = "e",
        ['ը'] = "y",
        ['թ'] = "t",
        ['ժ'] = "zh",
        ['ի'] = "i",
        ['լ'] = "l",
        ['խ'] = "kh",
        ['ծ'] = "ts",
        ['կ'] = "k",
        ['հ'] = "h",
        ['ձ'] = "dz",
        ['ղ'] = "gh",
        ['ճ'] = "ch",
        ['մ'] = "m",
        ['յ'] = "y",
        ['ն'] = "n",
        ['շ'] = "sh",
        ['ո'] = "o",
        ['չ'] = "ch",
        ['պ'] = "p",
        ['ջ'] = "j",
        ['ռ'] = "r",
        ['ս'] = "s",
        ['վ'] = "v",
        ['տ'] = "t",
        ['ր'] = "r",
        ['ց'] = "ts",
        ['ւ'] = "v",
        ['փ'] = "p",
        ['ք'] = "k",
        ['օ'] = "o",
        ['ֆ'] = "f",
        ['և'] = "ev",
    };

    // Order matters: longer spellings of one sound first, so "dzh" is not read as "d" + "zh".
    private static readonly (string From, string To)[] Sounds =
    [
        ("dzh", "j"), ("dj", "j"), ("zh", "j"), ("ch", "j"), ("c", "j"), ("kh", "x"), ("gh", "g"), ("q", "g"),
        ("sh", "s"), ("y", "i"), ("e", "a"), ("w", "v"),
    ];

    /// <summary>
    /// A transliteration skeleton of a name: Cyrillic and Armenian written in Latin letters, then the spellings one sound
    /// has across Azerbaijani, Armenian, Russian and English collapsed (gh/ğ/q/g, kh/x, sh/ş, ch/ç/c/j/dzh, y/i, ə/e/a),
    /// doubled letters and spaces dropped: "Chaylaggala" and "Çaylaqqala", "Dzhebrail" and "Jabrayil" share one.
    /// </summary>
    /// <remarks>Deliberately lossy: a match on it is a fallback and is trusted less than a match on <see cref="Fold"/>.</remarks>
    public static string Skeleton(string text)
    {
        var folded = Fold(text);
        var sb = new StringBuilder(folded.Length + 8);
        for (var i = 0; i < folded.Length; i++)
        {
            var c = folded[i];
            if (c == 'ո' && i + 1 < folded.Length && folded[i + 1] == 'ւ')
            {
                sb.Append('u');
                i++;
            }
            else if (Cyrillic.TryGetValue(c, out var latin) || Armenian.TryGetValue(c, out latin))
            {
                sb.Append(latin);
            }
            else if (c != ' ')
            {
                sb.Append(c);
            }
        }
        var s = sb.ToString();
        foreach (var (from, to) in Sounds)
        {
            s = s.Replace(from, to, StringComparison.Ordinal);
        }
        sb.Clear();
        foreach (var c in s)
        {
            if (sb.Length == 0 || sb[^1] != c)
            {
                sb.Append(c);
            }
        }
        return sb.ToString();
    }
}
