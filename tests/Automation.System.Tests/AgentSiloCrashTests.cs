using System.Net;
using System.Text.Json;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level (issue 10): a silo is killed with SIGKILL while agent tasks are queued; none is lost. An agent
/// registered afterwards over HTTP leases every task once and every workflow completes.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentSiloCrashTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workflows = 30;
    private static readonly TimeSpan ReminderPeriod = TimeSpan.FromSeconds(5);
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.CreateAsync("agent-crash", output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task KillSilo_WhileTasksAreQueued_NoneIsLostAndEveryWorkflowCompletes()
    {
        var doomed = await _cluster.StartSiloAsync(ReminderPeriod);
        await _cluster.StartSiloAsync(ReminderPeriod);
        using var http = await _cluster.StartApiAsync();
        const string definition = """{ "steps": [ { "id": "work", "type": "agent", "with": { "capability": "crash.work", "input": { "n": "{{ input.n }}" } } } ] }""";
        (await http.PutAsync("/api/v1/definitions/agent-crashy", ProcessCluster.Json(definition))).StatusCode.Should().Be(HttpStatusCode.Created);
        var ids = new List<string>();
        for (var i = 0; i < Workflows; i++)
        {
            var response = await http.PostAsync("/api/v1/workflows", ProcessCluster.Json($$"""{ "definition": "agent-crashy", "workflowId": "agent-crash-{{i}}", "input": { "n": {{i}} } }"""));
            response.StatusCode.Should().Be(HttpStatusCode.Created);
            ids.Add($"agent-crash-{i}");
        }

        for (var queued = 0; queued < Workflows;)
        {
            var capabilities = await _cluster.GetWithRetryAsync(http, "/api/v1/capabilities");
            queued = capabilities.GetProperty("capabilities").EnumerateArray()
                .Where(c => c.GetProperty("name").GetString() == "crash.work").Sum(c => c.GetProperty("queued").GetInt32());
            await Task.Delay(100); // a hang guard while the workflows dispatch
        }

        doomed.Kill();
        output.WriteLine("Killed a silo with every task queued.");
        var agentId = (await PostWithRetryAsync(http, "/api/v1/agents", """{ "name": "survivor", "capabilities": ["crash.work"], "maxConcurrency": 10 }""")).GetProperty("agentId").GetString();
        var leased = new List<(string WorkflowId, int Attempt)>();
        var deadline = DateTimeOffset.UtcNow.AddMinutes(3); // hang guard only
        while (leased.Count < Workflows && DateTimeOffset.UtcNow < deadline)
        {
            var poll = await PostWithRetryAsync(http, $"/api/v1/agents/{agentId}/poll", """{ "max": 10, "waitSeconds": 5 }""");
            if (poll.ValueKind != JsonValueKind.Object)
            {
                continue;
            }

            foreach (var task in poll.GetProperty("tasks").EnumerateArray())
            {
                leased.Add((task.GetProperty("workflowId").GetString()!, task.GetProperty("attempt").GetInt32()));
                await PostWithRetryAsync(http, $"/api/v1/tasks/{task.GetProperty("taskId").GetString()}/complete",
                    $$"""{ "agentId": "{{agentId}}", "output": { "n": {{task.GetProperty("input").GetProperty("n").GetRawText()}} } }""");
            }
        }

        leased.Select(l => l.WorkflowId).Should().BeEquivalentTo(ids, "every queued task survived the kill and was leased once");
        foreach (var id in ids)
        {
            var workflow = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/{id}?wait=60s");
            workflow.GetProperty("status").GetString().Should().Be("Completed", workflow.GetRawText());
        }
    }

    /// <summary>POSTs, retrying while the cluster reports itself unavailable (the killed silo's grains move); the body, or default for 204.</summary>
    private async Task<JsonElement> PostWithRetryAsync(HttpClient http, string url, string json)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await http.PostAsync(url, ProcessCluster.Json(json));
            if (response.StatusCode == HttpStatusCode.NoContent)
            {
                return default;
            }

            if (response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < 30)
            {
                await Task.Delay(1000); // the cluster asked to retry
                continue;
            }

            var text = await response.Content.ReadAsStringAsync();
            response.IsSuccessStatusCode.Should().BeTrue($"{url}: {(int)response.StatusCode} {text}\n{_cluster.Tails()}");
            return JsonDocument.Parse(text).RootElement.Clone();
        }
    }
}
