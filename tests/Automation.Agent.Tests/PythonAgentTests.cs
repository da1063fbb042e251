using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Automation.Agent.Tests;

/// <summary>The standard-library Python agent (<c>samples/python-agent/agent.py</c>) as a process, against the protocol server.</summary>
public sealed class PythonAgentTests : IAsyncLifetime
{
    private FakeAgentServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAgentServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task AgentPy_Once_RegistersPollsHeartbeatsAndCompletesTransformedInput()
    {
        var id = _server.Enqueue("text.upper", new JsonObject { ["title"] = "hello", ["tags"] = new JsonArray("a", "b") });

        var (exitCode, output) = await RunAsync("--capability", "text.upper", "--transform", "upper", "--once", "1", "--wait", "1", "--hold", "1.5");

        exitCode.Should().Be(0, output);
        var (authorization, registration) = _server.Registrations.Single();
        authorization.Should().Be("ApiKey py-key");
        registration.GetProperty("capabilities")[0].GetString().Should().Be("text.upper");
        _server.Heartbeats.Should().Contain(h => h.TaskId == id, "the 1 s heartbeat interval passes while it holds the task");
        var report = _server.Reports.Single();
        report.Kind.Should().Be("complete");
        var result = report.Body.GetProperty("output");
        result.GetProperty("result").GetProperty("title").GetString().Should().Be("HELLO");
        result.GetProperty("result").GetProperty("tags")[1].GetString().Should().Be("B");
        result.GetProperty("idempotencyKey").GetString().Should().Be($"wf-{id}:step");
    }

    [Fact]
    public async Task AgentPy_ReportAnswers409_LogsLeaseLostAndExits()
    {
        var id = _server.Enqueue("text.upper", "x");
        _server.LeaseLost[id] = true;

        var (exitCode, output) = await RunAsync("--capability", "text.upper", "--once", "1", "--wait", "1");

        exitCode.Should().Be(0, output);
        output.Should().Contain("\"event\": \"lease-lost\"");
        _server.Reports.Single().Status.Should().Be(409);
    }

    private async Task<(int ExitCode, string Output)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("python3") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Path.Combine(RepositoryRoot(), "samples", "python-agent", "agent.py"));
        start.ArgumentList.Add("--server");
        start.ArgumentList.Add(_server.BaseUrl);
        start.ArgumentList.Add("--api-key");
        start.ArgumentList.Add("py-key");
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60)); // hang guard only
        return (process.ExitCode, await stdout + await stderr);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Automation.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Automation.sln not found above " + AppContext.BaseDirectory);
    }
}
