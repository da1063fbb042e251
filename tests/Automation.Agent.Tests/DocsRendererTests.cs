using System.Text.Json;
using System.Text.Json.Nodes;
using DocsAgent;

namespace Automation.Agent.Tests;

/// <summary>The sample documentation agent (<c>samples/DocsAgent</c>) through the SDK, against the protocol server.</summary>
public sealed class DocsRendererTests : IAsyncLifetime
{
    private FakeAgentServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAgentServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task RenderAsync_TemplateAndModel_CompletesWithMarkdownAndReportsProgress()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability(DocsRenderer.Capability, new DocsRenderer().RenderAsync));
        await host.StartAsync();
        var input = JsonNode.Parse(File.ReadAllText("docs-workflow.input.json"));

        var id = _server.Enqueue(DocsRenderer.Capability, input);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        var report = _server.Reports.Single();
        report.Kind.Should().Be("complete");
        report.Body.GetProperty("output").GetProperty("markdown").GetString().Should()
            .Be("# Automation 1.4.0\n\n- Agents pull tasks by capability\n- A .NET agent SDK\n");
        _server.Heartbeats.Where(h => h.TaskId == id && h.Body.TryGetProperty("progress", out _)).Select(h => h.Body.GetProperty("progress").GetInt32())
            .Should().Contain(50, "the renderer reports 50 % before it renders");
    }

    [Theory]
    [InlineData("""{ "model": {} }""", "docs.bad-input")]
    [InlineData("""{ "template": "{% for %}", "model": {} }""", "docs.bad-template")]
    public async Task RenderAsync_BadInput_FailsNotRetryable(string input, string type)
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability(DocsRenderer.Capability, new DocsRenderer().RenderAsync));
        await host.StartAsync();

        var id = _server.Enqueue(DocsRenderer.Capability, JsonNode.Parse(input));
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        var report = _server.Reports.Single();
        report.Kind.Should().Be("fail");
        report.Body.GetProperty("error").GetProperty("type").GetString().Should().Be(type);
        report.Body.GetProperty("retryable").GetBoolean().Should().BeFalse();
        report.Body.GetProperty("error").GetProperty("message").ValueKind.Should().Be(JsonValueKind.String);
    }
}
