using System.Reflection;
using System.Text.Json;

namespace Truce.Server.Pages;

/// <summary>
/// The words of the pages, from one resource file per language (Pages/Texts/en.json; az, hy and ru to come), so a
/// translation is a new file, not a code change. A key missing from a language falls back to English; a key missing
/// from English is a bug and throws, so a test that renders a page finds it.
/// </summary>
public sealed class Texts
{
    readonly IReadOnlyDictionary<string, string> _words;
    readonly IReadOnlyDictionary<string, string> _english;

    Texts(string language, IReadOnlyDictionary<string, string> words, IReadOnlyDictionary<string, string> english) =>
        (Language, _words, _english) = (language, words, english);

    public string Language { get; }

    public string this[string key] => _words.TryGetValue(key, out var w) ? w
        : _english.TryGetValue(key, out var e) ? e : throw new KeyNotFoundException($"no text '{key}' in Pages/Texts/en.json");

    /// <summary>A text with its {0}, {1}… filled in (numbers in the invariant culture).</summary>
    public string Format(string key, params object[] args) => string.Format(System.Globalization.CultureInfo.InvariantCulture, this[key], args);

    /// <summary>Every text, for the scripts of a page.</summary>
    public IReadOnlyDictionary<string, string> All => _english.Keys.ToDictionary(k => k, k => this[k]);

    static readonly Lazy<IReadOnlyDictionary<string, string>> English = new(() => Load("en")!);

    public static Texts For(string? language)
    {
        var words = language is null or "en" ? null : Load(language);
        return words is null ? new Texts("en", English.Value, English.Value) : new Texts(language!, words, English.Value);
    }

    static IReadOnlyDictionary<string, string>? Load(string language)
    {
        if (language.Length is < 2 or > 3 || !language.All(char.IsAsciiLetterLower))
        {
            return null;
        }
        using var s = Assembly.GetExecutingAssembly().GetManifestResourceStream($"Truce.Server.Pages.Texts.{language}.json");
        return s is null ? null : JsonSerializer.Deserialize<Dictionary<string, string>>(s);
    }
}
