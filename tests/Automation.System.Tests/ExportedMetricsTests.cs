using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Metrics hygiene (issue 13): a running silo and API, after a small workload (a completed, a failed and a cancelled
/// workflow, a queued agent task, a probed service), are scraped; <c>promtool check metrics</c> finds problems only in
/// Orleans' built-in meter, each listed in <c>docs/observability.md</c>; every family that
/// <c>deploy/prometheus/exported-metrics.txt</c> (what rules and dashboards may read) lists is exported, and every
/// <c>automation_*</c> family exported is listed.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ExportedMetricsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.CreateAsync("metrics", output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Scrape_AfterAWorkload_OnlyOrleansSeriesHaveProblems_AndEveryListedFamilyIsExported()
    {
        var silo = await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30));
        using var http = await _cluster.StartApiAsync();
        await RunWorkloadAsync(http);
        using var anonymous = new HttpClient();

        var scrapes = new Dictionary<string, string>
        {
            ["silo"] = await anonymous.GetStringAsync(silo.BaseUrl + "/metrics"),
            ["api"] = await anonymous.GetStringAsync(new Uri(http.BaseAddress!, "/metrics")),
        };
        var problems = new Dictionary<string, List<string>>();
        foreach (var (process, scrape) in scrapes)
        {
            problems[process] = await PromtoolProblemsAsync(scrape);
            output.WriteLine($"{process}: {problems[process].Count} promtool problems, all from Orleans' meter:\n  " + string.Join("\n  ", problems[process]));
        }

        var docs = await File.ReadAllTextAsync(Path.Combine(ServiceProcess.RepositoryRoot(), "docs", "observability.md"));
        foreach (var (process, found) in problems)
        {
            found.Where(p => !p.StartsWith("orleans_", StringComparison.Ordinal)).Should()
                .BeEmpty($"our own and ASP.NET Core series on the {process} must pass promtool check metrics");
            // Every Orleans series lacks help text (the docs say so once); the unit and label problems are listed by name.
            found.Where(p => !p.EndsWith("no help text", StringComparison.Ordinal)).Select(p => p.Split(' ')[0]).Distinct()
                .Where(name => !docs.Contains($"`{name}`", StringComparison.Ordinal)).Should()
                .BeEmpty("docs/observability.md lists every Orleans series promtool finds a unit or label problem in");
        }

        var families = scrapes.ToDictionary(s => s.Key, s => Families(s.Value));
        foreach (var entry in ListedFamilies())
        {
            if (entry.OnlyAfterAnEvent)
            {
                continue;
            }

            foreach (var process in entry.Processes)
            {
                families[process].Should().Contain(entry.Name, $"exported-metrics.txt says the {process} exports it");
            }
        }

        var listed = ListedFamilies().Select(e => e.Name).ToHashSet(StringComparer.Ordinal);
        families.Values.SelectMany(f => f).Where(f => f.StartsWith("automation_", StringComparison.Ordinal)).Distinct()
            .Where(f => !listed.Contains(f)).Should().BeEmpty("every automation_* family is listed in deploy/prometheus/exported-metrics.txt");
        families["silo"].Should().NotContain(f => f.EndsWith("_milliseconds", StringComparison.Ordinal) && f.StartsWith("automation_", StringComparison.Ordinal));
    }

    private async Task RunWorkloadAsync(HttpClient http)
    {
        await PutAsync(http, "/api/v1/definitions/metrics-transform", """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        // An http step to a closed port: one retry, then the workflow fails.
        await PutAsync(http, "/api/v1/definitions/metrics-http", """{ "steps": [ { "id": "h", "type": "http", "with": { "url": "http://127.0.0.1:1/" }, "retry": { "maxAttempts": 2, "initialInterval": "100ms" } } ] }""");
        await PutAsync(http, "/api/v1/definitions/metrics-agent", """{ "steps": [ { "id": "g", "type": "agent", "with": { "capability": "metrics-test" } } ] }""");
        await PutAsync(http, "/api/v1/services/metrics-self", $$"""{ "probe": { "type": "http", "url": "{{new Uri(http.BaseAddress!, "/health")}}", "interval": "1s", "timeout": "1s" } }""");

        await StartAsync(http, "metrics-transform", "m-transform");
        await StartAsync(http, "metrics-http", "m-http");
        await StartAsync(http, "metrics-agent", "m-agent");
        (await WaitForFinishAsync(http, "m-transform")).Should().Be("Completed");
        (await WaitForFinishAsync(http, "m-http")).Should().Be("Failed");
        var cancel = await http.PostAsync("/api/v1/workflows/m-agent/cancel", ProcessCluster.Json("""{ "reason": "metrics test" }"""));
        cancel.IsSuccessStatusCode.Should().BeTrue(await cancel.Content.ReadAsStringAsync());
        (await WaitForFinishAsync(http, "m-agent")).Should().Be("Cancelled");
        for (var attempt = 0; ; attempt++)
        {
            var service = await _cluster.GetWithRetryAsync(http, "/api/v1/services/metrics-self");
            if (service.GetProperty("status").GetString() == "Healthy")
            {
                break;
            }

            attempt.Should().BeLessThan(60, "the service probing the API's /health every second turns Healthy: " + service.GetRawText());
            await Task.Delay(500);
        }
    }

    private static async Task PutAsync(HttpClient http, string path, string json)
    {
        var response = await http.PutAsync(path, ProcessCluster.Json(json));
        response.IsSuccessStatusCode.Should().BeTrue($"PUT {path}: {await response.Content.ReadAsStringAsync()}");
    }

    private static async Task StartAsync(HttpClient http, string definition, string id)
    {
        var response = await http.PostAsJsonAsync("/api/v1/workflows", new { definition, workflowId = id });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<string?> WaitForFinishAsync(HttpClient http, string id)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var workflow = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/{id}?wait=30s");
            if (workflow.GetProperty("status").GetString() != "Running")
            {
                return workflow.GetProperty("status").GetString();
            }
        }

        throw new TimeoutException($"{id} still runs after 2 minutes.\n{_cluster.Tails()}");
    }

    /// <summary>Runs <c>promtool check metrics</c> on a scrape; each line it prints is "name problem".</summary>
    private static async Task<List<string>> PromtoolProblemsAsync(string scrape)
    {
        var start = new ProcessStartInfo("promtool") { ArgumentList = { "check", "metrics" }, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("promtool did not start (scripts/ensure-prometheus.sh installs it)");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardInput.WriteAsync(scrape);
        process.StandardInput.Close();
        await process.WaitForExitAsync();
        return (await stdout + await stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }

    /// <summary>The metric families of a scrape, from its <c># TYPE</c> lines.</summary>
    private static HashSet<string> Families(string scrape) =>
        scrape.Split('\n').Where(l => l.StartsWith("# TYPE ", StringComparison.Ordinal)).Select(l => l.Split(' ')[2]).ToHashSet(StringComparer.Ordinal);

    private static List<ListedFamily> ListedFamilies() =>
        File.ReadAllLines(Path.Combine(ServiceProcess.RepositoryRoot(), "deploy", "prometheus", "exported-metrics.txt"))
            .Select(l => l.Split('#', 2)[0].Trim())
            .Where(l => l.Length > 0)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(p => new ListedFamily(p[0], p[2].Split(','), p.Length > 3 && p[3] == "when"))
            .ToList();

    private sealed record ListedFamily(string Name, string[] Processes, bool OnlyAfterAnEvent);
}
