using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Agent;
using DocsAgent;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level (issue 10): real silo and API processes on PostgreSQL, and agents that reach them over HTTP only with an
/// API key of the <c>agent</c> role: the .NET SDK (the DocsAgent sample's handler in an in-test host), the
/// standard-library Python agent as a <c>python3</c> process, and a Python agent killed with SIGKILL while it holds a
/// task, whose task another agent then runs with the same idempotency key.
/// </summary>
[Trait("Category", "Integration")]
public sealed class AgentSystemTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);
    private ProcessCluster _cluster = null!;
    private HttpClient _http = null!;
    private string _agentKey = "";

    public async Task InitializeAsync()
    {
        _cluster = await ProcessCluster.CreateAsync("agents", output);
        // A 2 s heartbeat interval: cancellation reaches agents through heartbeat answers within seconds.
        await _cluster.StartSiloAsync(TimeSpan.FromSeconds(5), new Dictionary<string, string> { ["Automation__Engine__AgentHeartbeatInterval"] = "00:00:02" });
        _http = await _cluster.StartApiAsync();
        var created = await _http.PostAsJsonAsync("/api/v1/api-keys", new { name = "system-test agent", permissions = new[] { "agents:register", "agents:work" } });
        created.StatusCode.Should().Be(HttpStatusCode.Created, await created.Content.ReadAsStringAsync());
        _agentKey = (await created.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("key").GetString()!;
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _cluster.DisposeAsync();
    }

    [Fact]
    public async Task SdkAgent_DocsRenderStep_WorkflowCompletesWithRenderedMarkdown()
    {
        await PutDefinitionAsync("docs", await File.ReadAllTextAsync("docs-workflow.json"));
        using var agent = BuildSdkAgent();
        await agent.StartAsync();

        await StartWorkflowAsync("docs", "docs-1", await File.ReadAllTextAsync("docs-workflow.input.json"));
        var workflow = await WaitForFinishAsync("docs-1");
        await agent.StopAsync();

        workflow.GetProperty("status").GetString().Should().Be("Completed", workflow.GetRawText());
        workflow.GetProperty("output").GetProperty("markdown").GetString().Should()
            .Be("# Automation 1.4.0\n\n- Agents pull tasks by capability\n- A .NET agent SDK\n");
    }

    [Fact]
    public async Task DocsAgentSample_AsProcess_CompletesTheSampleWorkflowAndStopsCleanlyOnSigterm()
    {
        await PutDefinitionAsync("docs", await File.ReadAllTextAsync("docs-workflow.json"));
        await using var agent = AgentProcess.StartDocsAgent(ApiUrl, _agentKey);

        await StartWorkflowAsync("docs", "docs-process-1", await File.ReadAllTextAsync("docs-workflow.input.json"));
        var workflow = await WaitForFinishAsync("docs-process-1", agent);
        var before = await _cluster.GetWithRetryAsync(_http, "/api/v1/agents");
        var exitCode = await agent.StopAsync(HangGuard);

        workflow.GetProperty("status").GetString().Should().Be("Completed", workflow.GetRawText() + "\n" + agent.Output);
        workflow.GetProperty("output").GetProperty("markdown").GetString().Should().StartWith("# Automation 1.4.0");
        exitCode.Should().Be(0, agent.Output);
        before.GetProperty("agents").EnumerateArray().Should().Contain(
            a => a.GetProperty("name").GetString() == "docs-process" && a.GetProperty("status").GetString() == "healthy", before.GetRawText());
        var agents = await _cluster.GetWithRetryAsync(_http, "/api/v1/agents");
        agents.GetProperty("agents").EnumerateArray().Should().NotContain(
            a => a.GetProperty("name").GetString() == "docs-process" && a.GetProperty("status").GetString() != "draining",
            "a stopped agent deregisters (DELETE /agents/{id}): it is removed or draining");
    }

    [Fact]
    public async Task PythonAgent_AgentStep_WorkflowCompletesWithItsOutput()
    {
        await PutDefinitionAsync("upper", UpperDefinition("\"heartbeat\": \"30s\""));
        await using var agent = AgentProcess.StartPython(ApiUrl, _agentKey, "--capability", "text.upper", "--transform", "upper", "--once", "1", "--wait", "5", "--name", "py-1");
        await agent.WaitForEventAsync("registered", HangGuard);

        await StartWorkflowAsync("upper", "upper-1", """{ "title": "hello from python", "tags": ["a", "b"] }""");
        var workflow = await WaitForFinishAsync("upper-1", agent);

        workflow.GetProperty("status").GetString().Should().Be("Completed", workflow.GetRawText() + "\n" + agent.Output);
        var step = workflow.GetProperty("output").GetProperty("upper");
        step.GetProperty("result").GetProperty("title").GetString().Should().Be("HELLO FROM PYTHON");
        step.GetProperty("result").GetProperty("tags")[1].GetString().Should().Be("B");
        step.GetProperty("idempotencyKey").GetString().Should().Be("upper-1:upper");
        step.GetProperty("agent").GetString().Should().Be("py-1");
        (await agent.WaitForExitAsync(HangGuard)).Should().Be(0, agent.Output);
    }

    [Fact]
    public async Task PythonAgent_KilledWhileHoldingTask_AnotherAgentRerunsItWithTheSameIdempotencyKey()
    {
        await PutDefinitionAsync("upper", UpperDefinition("\"heartbeat\": \"3s\""));
        await using var doomed = AgentProcess.StartPython(ApiUrl, _agentKey, "--capability", "text.upper", "--wait", "5", "--hold", "600", "--name", "py-doomed");
        await doomed.WaitForEventAsync("registered", HangGuard);
        await StartWorkflowAsync("upper", "upper-kill", """{ "title": "survives" }""");
        var leased = await doomed.WaitForEventAsync("leased", HangGuard);

        doomed.Kill();
        output.WriteLine($"Killed the agent holding {leased.GetRawText()}");
        await using var rescuer = AgentProcess.StartPython(ApiUrl, _agentKey, "--capability", "text.upper", "--transform", "upper", "--once", "1", "--wait", "5", "--name", "py-rescuer");
        var workflow = await WaitForFinishAsync("upper-kill", rescuer);

        workflow.GetProperty("status").GetString().Should().Be("Completed", workflow.GetRawText() + "\n" + rescuer.Output);
        var step = workflow.GetProperty("output").GetProperty("upper");
        step.GetProperty("agent").GetString().Should().Be("py-rescuer");
        step.GetProperty("result").GetProperty("title").GetString().Should().Be("SURVIVES");
        step.GetProperty("idempotencyKey").GetString().Should().Be(leased.GetProperty("idempotencyKey").GetString())
            .And.Be("upper-kill:upper");
    }

    [Fact]
    public async Task SdkAgent_ProgressShowsOnStepAndWorkflowCancel_CancelsTheHandlerWithoutReport()
    {
        await PutDefinitionAsync("slow", """
            { "steps": [ { "id": "work", "type": "agent", "with": { "capability": "slow.work", "input": {} }, "timeouts": { "run": "10m" } } ] }
            """);
        var progressed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var agent = BuildSdkAgent(builder => builder.AddCapability("slow.work", async (_, ctx) =>
        {
            await ctx.ReportProgressAsync(30, new { stage = "halfway" });
            progressed.TrySetResult();
            await using var registration = ctx.CancellationToken.Register(() => cancelled.TrySetResult(ctx.TaskId));
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            return "never";
        }));
        await agent.StartAsync();

        await StartWorkflowAsync("slow", "slow-1", "{}");
        await progressed.Task.WaitAsync(HangGuard);
        var running = await _cluster.GetWithRetryAsync(_http, "/api/v1/workflows/slow-1");
        var cancel = await _http.PostAsync("/api/v1/workflows/slow-1/cancel", ProcessCluster.Json("""{ "reason": "no longer needed" }"""));
        await cancelled.Task.WaitAsync(HangGuard);
        var workflow = await WaitForFinishAsync("slow-1");
        await agent.StopAsync();

        var progress = running.GetProperty("steps")[0].GetProperty("progress");
        progress.GetProperty("percent").GetInt32().Should().Be(30, running.GetRawText());
        progress.GetProperty("details").GetProperty("stage").GetString().Should().Be("halfway");
        cancel.IsSuccessStatusCode.Should().BeTrue(await cancel.Content.ReadAsStringAsync());
        workflow.GetProperty("status").GetString().Should().Be("Cancelled", workflow.GetRawText());
    }

    private string ApiUrl => _http.BaseAddress!.ToString().TrimEnd('/');

    private static string UpperDefinition(string heartbeat) => $$$"""
        { "defaults": { "retry": { "maxAttempts": 5, "initialInterval": "200ms" } },
          "steps": [ { "id": "upper", "type": "agent",
            "with": { "capability": "text.upper", "input": "{{ input }}" },
            "timeouts": { "queue": "2m", "run": "5m", {{{heartbeat}}} } } ] }
        """;

    private IHost BuildSdkAgent() =>
        BuildSdkAgent(agent => agent.AddCapability(DocsRenderer.Capability, new DocsRenderer().RenderAsync));

    private IHost BuildSdkAgent(Action<IAutomationAgentBuilder> capabilities)
    {
        // No appsettings.json or environment: the test sets every option itself.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        var agent = builder.Services.AddAutomationAgent(o =>
        {
            o.ServerUrl = new Uri(ApiUrl);
            o.ApiKey = _agentKey;
            o.Name = "docs-system-test";
            o.MaxConcurrency = 2;
            o.PollWait = TimeSpan.FromSeconds(5);
        });
        capabilities(agent);
        return builder.Build();
    }

    private async Task PutDefinitionAsync(string name, string json)
    {
        var response = await _http.PutAsync($"/api/v1/definitions/{name}", ProcessCluster.Json(json));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task StartWorkflowAsync(string definition, string id, string input)
    {
        var response = await _http.PostAsync("/api/v1/workflows", ProcessCluster.Json($$"""{ "definition": "{{definition}}", "workflowId": "{{id}}", "input": {{input}} }"""));
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<JsonElement> WaitForFinishAsync(string id, AgentProcess? agent = null)
    {
        for (var attempt = 0; attempt < 4; attempt++)
        {
            var workflow = await _cluster.GetWithRetryAsync(_http, $"/api/v1/workflows/{id}?wait=60s");
            if (workflow.GetProperty("status").GetString() != "Running")
            {
                return workflow;
            }
        }

        throw new TimeoutException($"{id} still runs after 4 minutes.\n{_cluster.Tails()}\nAgent:\n{agent?.Output}");
    }
}
