using System.Collections;
using System.Reflection;
using System.Text.RegularExpressions;
using Automation.Api.Hosting;
using Automation.Grains.Hosting;
using Automation.Hosting;
using Automation.Postgres;
using Automation.Testing;

namespace Automation.Api.Tests;

/// <summary>
/// Issue 12: the environment-variable table in docs/deployment.md is checked against the options classes of the
/// hosts (every class with a <c>SectionName</c> in the Abstractions, Postgres, Grains and Api assemblies): each
/// setting has a row, no <c>Automation__</c>/<c>Orleans__</c> row names a setting that does not exist, and
/// <c>.env.example</c> lists every variable of the table.
/// </summary>
public sealed partial class EnvironmentVariableTableTests
{
    private static readonly string Repo = ServiceProcess.RepositoryRoot();

    [Fact]
    public void DeploymentDocTable_HasARowForEverySetting_AndNoRowForASettingThatDoesNotExist()
    {
        var expected = Settings().ToHashSet(StringComparer.Ordinal);
        var documented = TableVariables().Where(v => v.StartsWith("Automation__", StringComparison.Ordinal) || v.StartsWith("Orleans__", StringComparison.Ordinal))
            .ToHashSet(StringComparer.Ordinal);

        expected.Should().Contain("Automation__Postgres__ConnectionString").And.Contain("Orleans__SiloPort").And.HaveCountGreaterThan(60);
        expected.Except(documented).Should().BeEmpty("docs/deployment.md's environment-variable table lists every setting of the options classes");
        documented.Except(expected).Should().BeEmpty("every Automation__/Orleans__ row of the table is a setting of an options class");
    }

    [Fact]
    public void EnvExample_ListsEveryVariableOfTheTable()
    {
        var example = File.ReadAllLines(Path.Combine(Repo, ".env.example"))
            .Select(l => l.TrimStart('#', ' '))
            .Select(l => l.Split('=', 2)[0].Trim())
            .ToHashSet(StringComparer.Ordinal);
        var table = TableVariables().ToList();

        table.Should().HaveCountGreaterThan(60);
        table.Except(example).Should().BeEmpty(".env.example lists every variable of docs/deployment.md's table");
    }

    /// <summary>The first-column variable names of the table under "## Environment variables".</summary>
    private static IEnumerable<string> TableVariables()
    {
        var markdown = File.ReadAllText(Path.Combine(Repo, "docs", "deployment.md"));
        var start = markdown.IndexOf("## Environment variables", StringComparison.Ordinal);
        start.Should().BeGreaterThan(0, "docs/deployment.md has a section '## Environment variables'");
        var end = markdown.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? markdown[start..] : markdown[start..end];
        return RowVariable().Matches(section).Select(m => m.Groups[1].Value);
    }

    /// <summary>Every setting of every options class, spelled as an environment variable.</summary>
    private static IEnumerable<string> Settings()
    {
        var assemblies = new[] { typeof(RetentionOptions).Assembly, typeof(PostgresOptions).Assembly, typeof(EngineOptions).Assembly, typeof(ApiOptions).Assembly };
        foreach (var type in assemblies.SelectMany(a => a.GetTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is { IsLiteral: true } field
                && field.GetRawConstantValue() is string section && type.Name.EndsWith("Options", StringComparison.Ordinal))
            {
                foreach (var setting in Properties(type, section.Replace(":", "__", StringComparison.Ordinal)))
                {
                    yield return setting;
                }
            }
        }
    }

    private static IEnumerable<string> Properties(Type type, string prefix)
    {
        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true }))
        {
            var name = $"{prefix}__{property.Name}";
            var t = property.PropertyType;
            if (t.IsGenericType && t.GetGenericTypeDefinition() == typeof(Dictionary<,>))
            {
                yield return name + "__<id>";
            }
            else if (t != typeof(string) && typeof(IEnumerable).IsAssignableFrom(t))
            {
                yield return name + "__<n>";
            }
            else if (t.IsClass && t != typeof(string) && t.Namespace?.StartsWith("Automation", StringComparison.Ordinal) == true)
            {
                foreach (var nested in Properties(t, name))
                {
                    yield return nested;
                }
            }
            else
            {
                yield return name;
            }
        }
    }

    [GeneratedRegex(@"^\| `([A-Za-z0-9_<>]+)` \|", RegexOptions.Multiline)]
    private static partial Regex RowVariable();
}
