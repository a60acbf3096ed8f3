using System.Reflection;
using System.Text.RegularExpressions;

namespace Truce.Tests;

/// <summary>
/// The layering of docs/ARCHITECTURE.md, held over the built assemblies' references and the server's types and source:
/// the ledger knows nothing of Truce; Spatial and Places know nothing of the application; no module knows another;
/// the domain knows nothing of HTTP or SQL; the server names modules only in its composition.
/// </summary>
public sealed class ArchitectureTests
{
    static readonly string[] ModuleNames = ["Truce.Incidents", "Truce.Mandate", "Truce.MineAction", "Truce.Evidence"];

    static Assembly Load(string name) => Assembly.Load(name);

    static IReadOnlyList<string> References(string assembly) =>
        [.. Load(assembly).GetReferencedAssemblies().Select(a => a.Name!).Order(StringComparer.Ordinal)];

    static bool IsPlatform(string name) => name is "netstandard" or "mscorlib" || name.StartsWith("System.", StringComparison.Ordinal)
        || name == "System" || name.StartsWith("Microsoft.Win32", StringComparison.Ordinal);

    /// <summary>The modules' assemblies: each domain project and its HTTP project.</summary>
    static string ModuleOf(string assembly) => ModuleNames.FirstOrDefault(m => assembly == m || assembly == m + ".Http") ?? "";

    [Fact]
    public void The_ledger_references_only_the_platform_and_its_cryptography() =>
        Assert.All(References("Truce.Ledger"), r => Assert.True(IsPlatform(r) || r == "NSec.Cryptography", $"Truce.Ledger references {r}"));

    [Theory]
    [InlineData("Truce.Spatial")]
    [InlineData("Truce.Places")]
    public void Spatial_and_places_reference_no_application_project(string library) =>
        Assert.All(References(library), r => Assert.False(r.StartsWith("Truce.", StringComparison.Ordinal), $"{library} references {r}"));

    [Fact]
    public void No_module_references_another()
    {
        foreach (var module in ModuleNames.SelectMany(m => new[] { m, m + ".Http" }))
        {
            Assert.All(References(module), r => Assert.True(ModuleOf(r) is "" || ModuleOf(r) == ModuleOf(module), $"{module} references {r}"));
        }
    }

    [Fact]
    public void The_domain_knows_nothing_of_http_or_sql()
    {
        foreach (var project in ModuleNames.Append("Truce.Core").Append("Truce.Ledger").Append("Truce.Spatial").Append("Truce.Places"))
        {
            Assert.All(References(project), r => Assert.False(
                r.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal) || r.Contains("Sqlite", StringComparison.Ordinal) || r.StartsWith("Npgsql", StringComparison.Ordinal),
                $"{project} references {r}"));
        }
    }

    /// <summary>Types outside the composition: no field, property, method signature, base type or attribute names a
    /// module's type (what the compiler keeps of a type's surface).</summary>
    [Fact]
    public void The_server_names_no_module_outside_its_composition_in_its_types()
    {
        var server = Load("Truce.Server");
        var offenders = new List<string>();
        foreach (var t in server.GetTypes().Where(t => t.Namespace != "Truce.Server.Composition"))
        {
            const BindingFlags All = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
            var used = new List<Type>();
            used.AddRange(t.GetInterfaces());
            if (t.BaseType is { } b)
            {
                used.Add(b);
            }
            used.AddRange(t.GetFields(All).Select(f => f.FieldType));
            used.AddRange(t.GetProperties(All).Select(p => p.PropertyType));
            foreach (var m in t.GetMethods(All).Cast<MethodBase>().Concat(t.GetConstructors(All)))
            {
                used.AddRange(m.GetParameters().Select(p => p.ParameterType));
                if (m is MethodInfo mi)
                {
                    used.Add(mi.ReturnType);
                }
                used.AddRange(m.GetMethodBody()?.LocalVariables.Select(v => v.LocalType) ?? []);
            }
            offenders.AddRange(used.SelectMany(Flatten).Where(u => ModuleOf(u.Assembly.GetName().Name!) != "").Select(u => $"{t.FullName} uses {u.FullName}"));
        }
        Assert.Empty(offenders.Distinct());
    }

    static IEnumerable<Type> Flatten(Type t) => t.HasElementType ? Flatten(t.GetElementType()!)
        : t.IsGenericType ? t.GetGenericArguments().SelectMany(Flatten).Prepend(t.GetGenericTypeDefinition()) : [t];

    /// <summary>The source outside the composition: a call in a method body (which the type check above cannot see)
    /// would have to name the module's namespace or one of its types.</summary>
    [Fact]
    public void The_server_names_no_module_outside_its_composition_in_its_source()
    {
        var src = Path.Combine(RepoRoot(), "src", "Truce.Server");
        var pattern = new Regex(@"\bTruce\.(Incidents|Mandate|MineAction)\b|\b(IncidentsModule|MandateModule|MineActionModule|IncidentBook|MandateBook|MineActionBook)\b");
        var offenders = Directory.EnumerateFiles(src, "*.*", SearchOption.AllDirectories)
            .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Composition{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (f, line, i)).Where(x => pattern.IsMatch(x.line))
                .Select(x => $"{Path.GetRelativePath(src, x.f)}:{x.i + 1}: {x.line.Trim()}"))
            .ToList();
        Assert.Empty(offenders);
        Assert.True(File.Exists(Path.Combine(src, "Composition", "Modules.cs")), "the composition is where this test expects it");
    }

    static string RepoRoot()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            if (File.Exists(Path.Combine(d.FullName, "Truce.sln")))
            {
                return d.FullName;
            }
        }
        throw new InvalidOperationException("no Truce.sln above " + AppContext.BaseDirectory);
    }
}
