using System.Text.Json;

namespace Truce.Ledger.Tests;

/// <summary>Finds the shared test data (../shared/testdata beside the repository) at test time.</summary>
public static class TestData
{
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Truce.sln")))
            {
                dir = dir.Parent;
            }
            var root = Path.Combine(dir?.Parent?.FullName ?? throw new DirectoryNotFoundException("Truce.sln not found above the tests"),
                "shared", "testdata");
            return Directory.Exists(root) ? root : throw new DirectoryNotFoundException($"shared test data not found at {root}");
        }
    }

    public static JsonDocument Json(params string[] path) => JsonDocument.Parse(File.ReadAllText(Path.Combine([Root, .. path])));

    public static IEnumerable<string> Files(string folder) =>
        Directory.EnumerateFiles(Path.Combine(Root, folder), "*.json", SearchOption.AllDirectories).Order(StringComparer.Ordinal);
}
