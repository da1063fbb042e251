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
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);
    private ProcessCluster _cluster = null!;
    private HttpTarget _target = null!;

    public async Task InitializeAsync()
    {
        _target = await HttpTarget.StartAsync();
        _cluster = await ProcessCluster.CreateAsync("crash", output);
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _target.DisposeAsync();
    }

    [Theory]
    [InlineData(1, true)]
    [InlineData(2, false)]
    public async Task KillSilo_MidFlight_EveryWorkflowCompletesWithEachStepRecordedOnce(int silos, bool startReplacement)
    {
        var silo = await _cluster.StartSiloAsync(ReminderPeriod);
        for (var i = 1; i < silos; i++)
        {
            await _cluster.StartSiloAsync(ReminderPeriod);
        }

        using var http = await _cluster.StartApiAsync();
        var definition = $$$"""
        { "defaults": { "retry": { "maxAttempts": 5, "initialInterval": "200ms" } },
          "steps": [
            { "id": "prepare", "type": "transform", "with": { "value": { "n": "{{ input.n }}" } } },
            { "id": "call", "type": "http", "dependsOn": ["prepare"], "with": { "url": "{{{_target.BaseUrl}}}/slow/1500" } },
            { "id": "wait", "type": "delay", "dependsOn": ["prepare"], "with": { "duration": "2s" } },
            { "id": "finish", "type": "transform", "dependsOn": ["call", "wait"], "with": { "value": "{{ steps.prepare.output.n | plus: 1 }}" } } ] }
        """;
        (await http.PutAsync("/api/v1/definitions/crashy", ProcessCluster.Json(definition))).StatusCode.Should().Be(HttpStatusCode.Created);
        var ids = new List<string>();
        for (var i = 0; i < Workflows; i++)
        {
            var response = await http.PostAsync("/api/v1/workflows", ProcessCluster.Json($$"""{ "definition": "crashy", "workflowId": "crash-{{i}}", "input": { "n": {{i}} } }"""));
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            ids.Add($"crash-{i}");
        }

        await _target.ReceivedAtLeast(Workflows / 2).WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only
        silo.Kill();
        output.WriteLine($"Killed a silo with {_target.IdempotencyKeys.Count} http calls received.");
        if (startReplacement)
        {
            await _cluster.StartSiloAsync(ReminderPeriod);
        }

        foreach (var id in ids)
        {
            var workflow = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/{id}?wait=60s");
            workflow.GetProperty("status").GetString().Should().Be("Completed", $"{id}: {workflow.GetRawText()}");
            var n = int.Parse(id["crash-".Length..], global::System.Globalization.CultureInfo.InvariantCulture);
            workflow.GetProperty("output").GetProperty("finish").GetInt32().Should().Be(n + 1);
            var history = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/{id}/history");
            var events = history.GetProperty("events").EnumerateArray().ToList();
            events.Where(e => e.GetProperty("type").GetString() == "StepCompleted").Select(e => e.GetProperty("stepId").GetString())
                .Should().BeEquivalentTo(["prepare", "call", "wait", "finish"], $"each step is recorded exactly once in {id}");
            events.Count(e => e.GetProperty("type").GetString() == "WorkflowCompleted").Should().Be(1);
        }

        var listed = await _cluster.GetWithRetryAsync(http, "/api/v1/workflows?definition=crashy&status=Completed&limit=100");
        listed.GetProperty("items").GetArrayLength().Should().Be(Workflows, "the visibility table agrees");
    }
}
