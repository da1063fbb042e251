namespace Automation.System.Tests;

/// <summary>
/// Checks a service log against the levels shipped in the hosts' <c>appsettings.json</c>. Without that file (the
/// content root is not the output folder) every category logs at Information: one
/// <c>Microsoft.AspNetCore.Hosting.Diagnostics</c> line per request and one <c>Npgsql.Command</c> line per command.
/// </summary>
internal static class ShippedLogLevels
{
    private static readonly string[] QuietCategories =
        ["Microsoft.AspNetCore.", "Npgsql.", "System.Net.Http.HttpClient.", "Polly", "Orleans.Runtime.SiloOptionsLogger"];

    /// <summary>Asserts the log has no per-request or per-command Information lines, and has the expected Information lines.</summary>
    /// <param name="log">The complete log of a stopped process (console logger output).</param>
    /// <param name="contentRoot">The output folder the process must report as its content root.</param>
    /// <param name="informationCategories">Categories of our own that must have logged at Information, e.g. <c>"Automation.Postgres.SchemaMigrator"</c>.</param>
    public static void ShouldBeApplied(string log, string contentRoot, params string[] informationCategories)
    {
        var lines = log.Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        lines.Should().Contain(l => l.StartsWith("info: Microsoft.Hosting.Lifetime", StringComparison.Ordinal), "start-up lines are Information and must still be logged");
        lines.Should().Contain(l => l.Contains("Application is shutting down", StringComparison.Ordinal), "the log is read after a graceful stop, so it is complete");
        lines.Where(l => l.Contains("Content root path: ", StringComparison.Ordinal)).Select(l => l.Trim().TrimEnd('/'))
            .Should().Equal([$"Content root path: {contentRoot.TrimEnd('/')}"], "the host must run with its output folder as content root, where appsettings.json is");
        foreach (var category in informationCategories)
        {
            lines.Should().Contain(l => l.StartsWith($"info: {category}[", StringComparison.Ordinal), $"our own {category} logs at Information");
        }

        // Microsoft.AspNetCore.Hosting.Diagnostics logs each request, Npgsql.Command each SQL command: Warning by default.
        var noisy = lines.Where(l => (l.StartsWith("info: ", StringComparison.Ordinal) || l.StartsWith("dbug: ", StringComparison.Ordinal) || l.StartsWith("trce: ", StringComparison.Ordinal))
            && QuietCategories.Any(c => l.AsSpan(6).StartsWith(c, StringComparison.Ordinal))).ToList();
        noisy.Take(10).Should().BeEmpty($"these categories ship at Warning ({noisy.Count} lines below Warning)");
    }
}
