using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level: real silo and API processes on PostgreSQL. A silo is killed with SIGKILL while 50 workflows are
/// mid-flight; either a replacement silo starts, or a surviving silo takes over. Every workflow completes, each step
/// recorded exactly once.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SiloCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workflows = 50;
    private readonly string _logs = Directory.CreateTempSubdirectory("automation-system-").FullName;
    private readonly List<ServiceProcess> _processes = [];
    private HttpTarget _target = null!;

    public async Task InitializeAsync() => _target = await HttpTarget.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _target.DisposeAsync();
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task KillSilo_MidFlight_EveryWorkflowCompletesWithEachStepRecordedOnce(int silos, bool startReplacement)
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var cluster = "crash-" + Guid.NewGuid().ToString("N")[..12];
        var silo = await StartSiloAsync(db, cluster);
        for (var i = 1; i < silos; i++)
        {
            await StartSiloAsync(db, cluster);
        }

        var api = await StartProcessAsync("Automation.Api", Environment(db, cluster));
        using var http = new HttpClient { BaseAddress = new Uri(api.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
        var definition = $$$"""
        { "defaults": { "retry": { "maxAttempts": 5, "initialInterval": "200ms" } },
          "steps": [
            { "id": "prepare", "type": "transform", "with": { "value": { "n": "{{ input.n }}" } } },
            { "id": "call", "type": "http", "dependsOn": ["prepare"], "with": { "url": "{{{_target.BaseUrl}}}/slow/1500" } },
            { "id": "wait", "type": "delay", "dependsOn": ["prepare"], "with": { "duration": "2s" } },
            { "id": "finish", "type": "transform", "dependsOn": ["call", "wait"], "with": { "value": "{{ steps.prepare.output.n | plus: 1 }}" } } ] }
        """;
        (await http.PutAsync("/api/v1/definitions/crashy", Json(definition))).StatusCode.Should().Be(HttpStatusCode.Created);
        var ids = new List<string>();
        for (var i = 0; i < Workflows; i++)
        {
            var response = await http.PostAsync("/api/v1/workflows", Json($$"""{ "definition": "crashy", "workflowId": "crash-{{i}}", "input": { "n": {{i}} } }"""));
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            ids.Add($"crash-{i}");
        }

        await WaitUntilAsync(() => _target.IdempotencyKeys.Count >= Workflows / 2, "http steps to be in flight");
        silo.Kill();
        output.WriteLine($"Killed a silo with {_target.IdempotencyKeys.Count} http calls received.");
        if (startReplacement)
        {
            await StartSiloAsync(db, cluster);
        }

        foreach (var id in ids)
        {
            var workflow = await GetWithRetryAsync(http, $"/api/v1/workflows/{id}?wait=60s");
            workflow.GetProperty("status").GetString().Should().Be("Completed", $"{id}: {workflow.GetRawText()}");
            var n = int.Parse(id["crash-".Length..], global::System.Globalization.CultureInfo.InvariantCulture);
            workflow.GetProperty("output").GetProperty("finish").GetInt32().Should().Be(n + 1);
            var history = await GetWithRetryAsync(http, $"/api/v1/workflows/{id}/history");
            var events = history.GetProperty("events").EnumerateArray().ToList();
            events.Where(e => e.GetProperty("type").GetString() == "StepCompleted").Select(e => e.GetProperty("stepId").GetString())
                .Should().BeEquivalentTo(["prepare", "call", "wait", "finish"], $"each step is recorded exactly once in {id}");
            events.Count(e => e.GetProperty("type").GetString() == "WorkflowCompleted").Should().Be(1);
        }

        var listed = await GetWithRetryAsync(http, "/api/v1/workflows?definition=crashy&status=Completed&limit=100");
        listed.GetProperty("items").GetArrayLength().Should().Be(Workflows, "the visibility table agrees");
    }

    private async Task<ServiceProcess> StartSiloAsync(string db, string cluster)
    {
        var env = Environment(db, cluster);
        env["Orleans__SiloPort"] = TestSilo.FreePort().ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        env["Orleans__GatewayPort"] = TestSilo.FreePort().ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        env["Automation__Engine__ReminderPeriod"] = "00:00:05";
        return await StartProcessAsync("Automation.Silo", env);
    }

    private async Task<ServiceProcess> StartProcessAsync(string project, Dictionary<string, string> env)
    {
        var process = await ServiceProcess.StartAsync(project, TestSilo.FreePort(), env, _logs);
        _processes.Add(process);
        output.WriteLine($"{project} ready at {process.BaseUrl}, log {process.LogPath}");
        return process;
    }

    private static Dictionary<string, string> Environment(string db, string cluster) => new()
    {
        ["Automation__Postgres__ConnectionString"] = db,
        ["Orleans__ClusterId"] = cluster,
        ["Orleans__ServiceId"] = cluster,
        ["Logging__LogLevel__Default"] = "Warning",
    };

    private static StringContent Json(string json) => new(json, global::System.Text.Encoding.UTF8, "application/json");

    private async Task<JsonElement> GetWithRetryAsync(HttpClient http, string url)
    {
        // While the new silo joins, the API may answer 503; a client would retry the same way.
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            if (attempt >= 30)
            {
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n"
                    + string.Join("\n", _processes.Select(p => p.Tail())));
            }

            output.WriteLine($"{url} answered {(int)response.StatusCode}; retrying");
            await Task.Delay(1000);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        for (var i = 0; i < 600 && !condition(); i++)
        {
            await Task.Delay(50);
        }

        condition().Should().BeTrue($"waited for {what}");
    }
}
