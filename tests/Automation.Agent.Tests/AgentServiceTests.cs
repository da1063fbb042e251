using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Automation.Agent.Tests;

/// <summary>The agent against a protocol-speaking server on real HTTP: reports, concurrency, heartbeats, leases, retries.</summary>
public sealed class AgentServiceTests : IAsyncLifetime
{
    private FakeAgentServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeAgentServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Handler_ReturnsOutput_RegistersThenReportsComplete()
    {
        AgentTaskContext? seen = null;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("docs.render", async (input, ctx) =>
        {
            seen = ctx;
            await Task.Yield();
            return new { Markdown = "# " + input.GetProperty("title").GetString() };
        }), o => o.MaxConcurrency = 3);
        await host.StartAsync();

        var id = _server.Enqueue("docs.render", new JsonObject { ["title"] = "Hello" });
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        var (authorization, registration) = _server.Registrations.Single();
        authorization.Should().Be("ApiKey " + TestAgentHost.ApiKey);
        registration.GetProperty("name").GetString().Should().Be("test-agent");
        registration.GetProperty("capabilities").EnumerateArray().Select(c => c.GetString()).Should().Equal("docs.render");
        registration.GetProperty("maxConcurrency").GetInt32().Should().Be(3);
        var report = _server.Reports.Single();
        report.Kind.Should().Be("complete");
        report.Body.GetProperty("agentId").GetString().Should().Be("agent1");
        report.Body.GetProperty("output").GetProperty("markdown").GetString().Should().Be("# Hello");
        seen!.TaskId.Should().Be(id);
        seen.WorkflowId.Should().Be("wf-" + id);
        seen.StepId.Should().Be("step");
        seen.Attempt.Should().Be(1);
        seen.IdempotencyKey.Should().Be($"wf-{id}:step");
        seen.AgentId.Should().Be("agent1");
    }

    [Fact]
    public async Task Handler_ThrowsAgentTaskException_ReportsFailWithItsTypeAndRetryable()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("docs.render",
            (_, _) => throw new AgentTaskException("render.bad-template", "unclosed tag", retryable: false)));
        await host.StartAsync();

        var id = _server.Enqueue("docs.render", new JsonObject());
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        var report = _server.Reports.Single();
        report.Kind.Should().Be("fail");
        report.Body.GetProperty("error").GetProperty("type").GetString().Should().Be("render.bad-template");
        report.Body.GetProperty("error").GetProperty("message").GetString().Should().Be("unclosed tag");
        report.Body.GetProperty("retryable").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Handler_ThrowsOtherException_ReportsRetryableAgentException()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("docs.render",
            async (_, _) =>
            {
                await Task.Yield();
                throw new InvalidOperationException("boom");
            }));
        await host.StartAsync();

        var id = _server.Enqueue("docs.render", new JsonObject());
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        var report = _server.Reports.Single();
        report.Kind.Should().Be("fail");
        report.Body.GetProperty("error").GetProperty("type").GetString().Should().Be("agent.exception");
        report.Body.GetProperty("error").GetProperty("message").GetString().Should().Contain("boom");
        report.Body.GetProperty("retryable").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Handler_LongErrorMessage_IsCutToTheServersLimit()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work",
            (_, _) => throw new AgentTaskException(new string('t', 150), new string('m', 5000))));
        await host.StartAsync();

        var id = _server.Enqueue("work", null);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        var error = _server.Reports.Single().Body.GetProperty("error");
        error.GetProperty("type").GetString().Should().HaveLength(100);
        error.GetProperty("message").GetString().Should().HaveLength(4000);
    }

    [Fact]
    public async Task Complete_OutputRefused413_FailsTheTaskNotRetryable()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", (_, _) => Task.FromResult<object?>(new { TooBig = true })));
        await host.StartAsync();

        var id = _server.Enqueue("work", null);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id && r.Kind == "fail"), "the fail report");
        await host.StopAsync();

        _server.Reports.Select(r => (r.Kind, r.Status)).Should().Equal(("complete", 413), ("fail", 200));
        var fail = _server.Reports.Last().Body;
        fail.GetProperty("error").GetProperty("type").GetString().Should().Be("agent.output-rejected");
        fail.GetProperty("retryable").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Polls_WithBusySlots_AskForFreeSlotsOnlyAndNeverRunMoreThanMaxConcurrency()
    {
        const int Max = 3;
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var running = 0;
        var mostRunning = 0;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref mostRunning, now);
            await gate.Task;
            Interlocked.Decrement(ref running);
            return null;
        }), o => o.MaxConcurrency = Max);
        await host.StartAsync();

        var ids = Enumerable.Range(0, 10).Select(_ => _server.Enqueue("work", null)).ToList();
        await _server.WaitUntilAsync(() => Volatile.Read(ref running) == Max, "all slots busy");
        gate.SetResult();
        await _server.WaitUntilAsync(() => _server.Reports.Count(r => r.Kind == "complete") == ids.Count, "every task completed");
        await host.StopAsync();

        mostRunning.Should().Be(Max);
        _server.MaxHeld.Should().BeLessThanOrEqualTo(Max);
        _server.Polls.Should().OnlyContain(p => p.Max >= 1 && p.Max + p.Held <= Max, "a poll asks for the free slots only");
        _server.Reports.Select(r => r.TaskId).Should().BeEquivalentTo(ids);
    }

    [Fact]
    public async Task Heartbeat_AnswersCancelRequested_CancelsHandlerAndReportsNothing()
    {
        var cancelled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (input, ctx) =>
        {
            if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("block", out _))
            {
                await using var registration = ctx.CancellationToken.Register(() => cancelled.TrySetResult(ctx.TaskId));
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }

            return "done";
        }));
        await host.StartAsync();

        var blocked = _server.Enqueue("work", new JsonObject { ["block"] = true });
        _server.CancelRequested[blocked] = true;
        (await _server.WithinAsync(cancelled.Task, "the handler's cancellation")).Should().Be(blocked);
        var next = _server.Enqueue("work", null);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == next), "the next task's report");
        await host.StopAsync();

        _server.Heartbeats.Should().Contain(h => h.TaskId == blocked);
        _server.Reports.Should().NotContain(r => r.TaskId == blocked, "a cancelled attempt is not reported (one slot: it ended before the next task)");
    }

    [Fact]
    public async Task Heartbeat_Answers409_CancelsHandlerAndReportsNothing()
    {
        var cancelled = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (input, ctx) =>
        {
            if (input.ValueKind == JsonValueKind.Object && input.TryGetProperty("block", out _))
            {
                await using var registration = ctx.CancellationToken.Register(() => cancelled.TrySetResult(ctx.TaskId));
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }

            return "done";
        }));
        await host.StartAsync();

        var lost = _server.Enqueue("work", new JsonObject { ["block"] = true });
        _server.LeaseLost[lost] = true;
        (await _server.WithinAsync(cancelled.Task, "the handler's cancellation")).Should().Be(lost);
        var next = _server.Enqueue("work", null);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == next), "the next task's report");
        await host.StopAsync();

        _server.Reports.Should().NotContain(r => r.TaskId == lost, "a task whose lease is lost is dropped");
    }

    [Fact]
    public async Task Register_Answers401_StopsTheHost()
    {
        _server.RejectRegistration = true;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", (input, _) => Task.FromResult<object?>(input)));
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.Register(() => stopping.TrySetResult());

        await host.StartAsync();
        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();

        _server.Registrations.Should().ContainSingle("a refused key is not a transient error: no retry loop");
        _server.Polls.Should().BeEmpty();
    }

    [Fact]
    public async Task ReportProgressAsync_SendsHeartbeatWithPercentAndDetails()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (_, ctx) =>
        {
            await ctx.ReportProgressAsync(40, new { Page = 2 });
            return "done";
        }));
        await host.StartAsync();

        var id = _server.Enqueue("work", null);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        // Under load a periodic heartbeat (no progress yet) may come first.
        var heartbeat = _server.Heartbeats.First(h => h.TaskId == id && h.Body.TryGetProperty("progress", out _)).Body;
        heartbeat.GetProperty("agentId").GetString().Should().Be("agent1");
        heartbeat.GetProperty("progress").GetInt32().Should().Be(40);
        heartbeat.GetProperty("details").GetProperty("page").GetInt32().Should().Be(2);
    }

    [Fact]
    public async Task Poll_MaxConcurrencyAbove100_AsksForAtMost100AndRuns()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", (input, _) => Task.FromResult<object?>(input)),
            o => o.MaxConcurrency = 150);
        await host.StartAsync();

        var id = _server.Enqueue("work", 1);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        _server.Polls.Should().NotBeEmpty().And.OnlyContain(p => p.Max >= 1 && p.Max <= 100, "the server refuses max > 100");
    }

    [Fact]
    public async Task ReportProgressAsync_DetailsOver16KiB_ThrowsArgumentExceptionAndSendsNothing()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (_, ctx) =>
        {
            try
            {
                await ctx.ReportProgressAsync(10, new { Text = new string('x', 17 * 1024) });
                return "sent";
            }
            catch (ArgumentException e) when (e.ParamName == "details")
            {
                return "refused";
            }
        }));
        await host.StartAsync();

        var id = _server.Enqueue("work", null);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        _server.Reports.Single(r => r.TaskId == id).Body.GetProperty("output").GetString().Should().Be("refused");
        _server.Heartbeats.Where(h => h.TaskId == id).Should().NotContain(h => HasProgress(h.Body));
    }

    [Fact]
    public async Task Heartbeat_DetailsRefused400_LaterHeartbeatsDropTheDetails()
    {
        _server.RejectDetails = true;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (_, ctx) =>
        {
            await ctx.ReportProgressAsync(10, new { Phase = "one" });
            // The periodic heartbeat goes on without the refused details (a hang guard fails the test otherwise).
            await _server.WaitUntilAsync(() => _server.Heartbeats.Any(h => h.TaskId == ctx.TaskId && !HasDetails(h.Body)), "a heartbeat without details");
            return "done";
        }));
        await host.StartAsync();

        var id = _server.Enqueue("work", null);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        _server.Heartbeats.Where(h => h.TaskId == id).Should().Contain(h => HasDetails(h.Body)).And.Contain(h => !HasDetails(h.Body));
        _server.Reports.Single(r => r.TaskId == id).Status.Should().Be(200);
    }

    [Fact]
    public async Task Poll_Answers503_IsNotRetriedByThePipelineButPolledAgainByTheLoop()
    {
        _server.PollFailures = 2;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", (input, _) => Task.FromResult<object?>(input)));
        await host.StartAsync();

        var id = _server.Enqueue("work", "x");
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        _server.Log.Lines.Count(l => l.Contains("unreachable (poll)", StringComparison.Ordinal))
            .Should().Be(2, "each refused poll reaches the service's loop, which polls again");
    }

    private static bool HasProgress(JsonElement body) => body.TryGetProperty("progress", out var p) && p.ValueKind != JsonValueKind.Null;

    private static bool HasDetails(JsonElement body) => body.TryGetProperty("details", out var d) && d.ValueKind != JsonValueKind.Null;

    [Fact]
    public async Task Complete_Answers409_DropsTheTaskOnceAndGoesOn()
    {
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", (input, _) => Task.FromResult<object?>(input)));
        await host.StartAsync();

        var lost = _server.Enqueue("work", 1);
        _server.LeaseLost[lost] = true;
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == lost), "the refused report");
        var next = _server.Enqueue("work", 2);
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == next), "the next report");
        await host.StopAsync();

        _server.Reports.Where(r => r.TaskId == lost).Should().ContainSingle("409 is final: the lease is lost, not retried")
            .Which.Status.Should().Be(409);
        _server.Reports.Single(r => r.TaskId == next).Status.Should().Be(200);
    }

    [Fact]
    public async Task Complete_Answers503_IsRetriedUntilAccepted()
    {
        _server.ReportFailures = 2;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", (input, _) => Task.FromResult<object?>(input)));
        await host.StartAsync();

        var id = _server.Enqueue("work", "x");
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id && r.Status == 200), "the accepted report");
        await host.StopAsync();

        _server.Reports.Where(r => r.TaskId == id).Select(r => r.Status).Should().Equal(503, 503, 200);
    }

    [Fact]
    public async Task Poll_Answers404_RegistersAgain()
    {
        _server.UnknownAgentPolls = 1;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", (input, _) => Task.FromResult<object?>(input)));
        await host.StartAsync();

        var id = _server.Enqueue("work", "x");
        await _server.WaitUntilAsync(() => _server.Reports.Any(r => r.TaskId == id), "the report");
        await host.StopAsync();

        _server.Registrations.Should().HaveCount(2);
        _server.Reports.Single().Body.GetProperty("agentId").GetString().Should().Be("agent2");
    }

    [Fact]
    public async Task StopAsync_WhileHandlerRuns_WaitsForItAndReports()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var tokenCancelled = true;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (_, ctx) =>
        {
            started.SetResult();
            await gate.Task;
            tokenCancelled = ctx.CancellationToken.IsCancellationRequested;
            return "finished during drain";
        }));
        await host.StartAsync();
        var id = _server.Enqueue("work", null);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        var stopping = host.StopAsync();
        gate.SetResult();
        await stopping;

        tokenCancelled.Should().BeFalse();
        var report = _server.Reports.Single();
        report.TaskId.Should().Be(id);
        report.Body.GetProperty("output").GetString().Should().Be("finished during drain");
    }

    [Fact]
    public async Task StopAsync_DrainTimeoutPasses_CancelsHandlerWithoutReport()
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var cancelled = false;
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (_, ctx) =>
        {
            started.SetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
                throw;
            }

            return null;
        }), o => o.DrainTimeout = TimeSpan.FromMilliseconds(200));
        await host.StartAsync();
        _server.Enqueue("work", null);
        await started.Task.WaitAsync(TimeSpan.FromSeconds(60));

        await host.StopAsync();

        cancelled.Should().BeTrue();
        _server.Reports.Should().BeEmpty("an abandoned task is re-queued by the server when its heartbeats stop");
    }

    [Fact]
    public async Task RunDeadline_Passes_CancelsHandlerToken()
    {
        var cancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var host = TestAgentHost.Build(_server, agent => agent.AddCapability("work", async (_, ctx) =>
        {
            await using var registration = ctx.CancellationToken.Register(() => cancelled.TrySetResult());
            await Task.Delay(Timeout.Infinite, ctx.CancellationToken);
            return null;
        }));
        await host.StartAsync();

        _server.Enqueue("work", null, runBy: DateTimeOffset.UtcNow.AddMilliseconds(300));
        await cancelled.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await host.StopAsync();

        _server.Reports.Should().BeEmpty("past the run deadline the server fails the attempt itself");
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        do
        {
            current = Volatile.Read(ref target);
        }
        while (value > current && Interlocked.CompareExchange(ref target, value, current) != current);
    }
}
