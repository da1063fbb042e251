using System.Collections.Concurrent;
using System.Net;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Issue 12: scale-in and rolling updates. Two silo processes and the API; clients keep starting workflows through
/// the API while one silo gets SIGTERM (what Kubernetes sends a pod it removes). The silo leaves gracefully and
/// exits 0 within the grace period the silo Deployment gives it (<c>terminationGracePeriodSeconds: 60</c> in
/// k8s/base/silo-deployment.yaml); every start the API acknowledged (201) completes on the survivor, each step once,
/// and starts refused during the leave succeed when the client retries them with the same workflow id.
/// </summary>
[Trait("Category", "Integration")]
public sealed class GracefulLeaveTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(60);
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.CreateAsync("leave", output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Sigterm_WhileWorkflowsAreStarted_SiloExitsZeroAndNoAcknowledgedStartOrWorkflowIsLost()
    {
        var leaving = await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30));
        var survivor = await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30));
        using var http = await _cluster.StartApiAsync();
        (await http.PutAsync("/api/v1/definitions/leave", ProcessCluster.Json("""
        { "steps": [ { "id": "first", "type": "transform", "with": { "value": "{{ input.n }}" } },
                     { "id": "wait", "type": "delay", "dependsOn": ["first"], "with": { "duration": "1s" } },
                     { "id": "done", "type": "transform", "dependsOn": ["wait"], "with": { "value": "{{ steps.first.output | plus: 1 }}" } } ] }
        """))).StatusCode.Should().Be(HttpStatusCode.Created);

        var acknowledged = new ConcurrentBag<int>();
        var refused = 0;
        using var stopStarting = new CancellationTokenSource();
        var next = -1;
        async Task StartLoopAsync()
        {
            while (!stopStarting.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref next);
                // A client retries a refused start with the same workflow id (starts are idempotent by id).
                for (var attempt = 1; ; attempt++)
                {
                    using var response = await http.PostAsync("/api/v1/workflows", ProcessCluster.Json($$"""{ "definition": "leave", "workflowId": "leave-{{n}}", "input": { "n": {{n}} } }"""));
                    if (response.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK)
                    {
                        acknowledged.Add(n);
                        break;
                    }

                    Interlocked.Increment(ref refused);
                    attempt.Should().BeLessThan(60, $"leave-{n} is accepted again once the silo has left: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
                    await Task.Delay(250);
                }
            }
        }

        var starters = Enumerable.Range(0, 4).Select(_ => Task.Run(StartLoopAsync)).ToList();
        while (acknowledged.Count < 40)
        {
            await Task.Delay(50);
        }

        var atStop = acknowledged.Count;
        var exitCode = await leaving.StopAsync(GracePeriod);
        var afterStop = acknowledged.Count;
        while (acknowledged.Count < afterStop + 40)
        {
            await Task.Delay(50);
        }

        await stopStarting.CancelAsync();
        await Task.WhenAll(starters);
        output.WriteLine($"{atStop} starts acknowledged before SIGTERM, {afterStop - atStop} during the leave, {acknowledged.Count} in all; {refused} refused and retried.");
        exitCode.Should().Be(0, "a graceful leave exits cleanly:\n" + leaving.Tail());
        (afterStop - atStop).Should().BeGreaterThan(0, "starts went on while the silo was leaving");

        foreach (var n in acknowledged.Order())
        {
            var workflow = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/leave-{n}?wait=60s");
            workflow.GetProperty("status").GetString().Should().Be("Completed", $"leave-{n}: {workflow.GetRawText()}");
            workflow.GetProperty("output").GetProperty("done").GetInt32().Should().Be(n + 1);
            var history = await _cluster.GetWithRetryAsync(http, $"/api/v1/workflows/leave-{n}/history");
            history.GetProperty("events").EnumerateArray().Where(e => e.GetProperty("type").GetString() == "StepCompleted")
                .Select(e => e.GetProperty("stepId").GetString()).Should().BeEquivalentTo(["first", "wait", "done"], $"each step of leave-{n} is recorded once");
        }

        var listed = await _cluster.GetWithRetryAsync(http, "/api/v1/workflows?definition=leave&status=Completed&limit=1000");
        listed.GetProperty("items").GetArrayLength().Should().Be(acknowledged.Count, "the visibility table agrees");
        survivor.IsRunning.Should().BeTrue();
    }
}
