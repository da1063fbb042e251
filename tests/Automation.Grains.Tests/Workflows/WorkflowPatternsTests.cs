using System.Text.Json;
using Automation.Events;
using Automation.Testing;
using Automation.Workflows;

namespace Automation.Grains.Tests.Workflows;

/// <summary>Workflow patterns by name (chain, fan-out, retry, timeout, cancellation...) on the real grains in a two-silo cluster with in-memory storage (cluster tier).</summary>
[Collection(EngineCollection.Name)]
[Trait("Category", "Cluster")]
public sealed class WorkflowPatternsTests(EngineFixture fixture)
{
    private AutomationTestCluster Cluster => fixture.Cluster;

    private string Url(string path) => fixture.Target.BaseUrl + path;

    private static string Unique(string prefix) => $"{prefix}-{Guid.NewGuid():N}";

    [Fact]
    public async Task Chain_OfTransforms_CompletesWithTypedOutputs()
    {
        var name = Unique("chain");
        await Cluster.RegisterAsync(name, """
        {
          "steps": [
            { "id": "double", "type": "transform", "with": { "value": { "n": "{{ input.n | times: 2 }}", "who": "{{ input.user }}" } } },
            { "id": "greet", "type": "transform", "dependsOn": ["double"],
              "with": { "value": "Hello {{ steps.double.output.who.name }}, n={{ steps.double.output.n }}" } }
          ],
          "output": { "greeting": "{{ steps.greet.output }}", "n": "{{ steps.double.output.n }}" }
        }
        """);

        var (grain, start) = await Cluster.StartAsync(name, """{ "n": 21, "user": { "name": "Ada" } }""");
        var done = await AutomationTestCluster.WaitAsync(grain);

        start.Outcome.Should().Be(StartWorkflowOutcome.Started);
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Output!.Value.GetProperty("greeting").GetString().Should().Be("Hello Ada, n=42");
        done.Output!.Value.GetProperty("n").GetInt32().Should().Be(42);
        done.Steps.Should().OnlyContain(s => s.Status == StepStatus.Completed && s.Attempts == 1);
        var history = await grain.GetHistoryAsync();
        history!.Select(e => e.GetType().Name).Should().Equal(
            "WorkflowStarted", "StepScheduled", "StepStarted", "StepCompleted", "StepScheduled", "StepStarted", "StepCompleted", "WorkflowCompleted");
        history!.Select(e => e.Sequence).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task FanOut_IndependentHttpSteps_RunInParallelAndJoin()
    {
        var name = Unique("fanout");
        var slow = Url("/slow/400");
        await Cluster.RegisterAsync(name, $$$"""
        {
          "steps": [
            { "id": "a", "type": "http", "with": { "url": "{{{slow}}}" } },
            { "id": "b", "type": "http", "with": { "url": "{{{slow}}}" } },
            { "id": "c", "type": "http", "with": { "url": "{{{slow}}}" } },
            { "id": "join", "type": "transform", "dependsOn": ["a", "b", "c"],
              "with": { "value": [ "{{ steps.a.output.status }}", "{{ steps.b.output.body.sleptMs }}", "{{ steps.c.output.status }}" ] } }
          ]
        }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps.Single(s => s.Id == "join").Output!.Value.GetRawText().Should().Be("[200,400,200]");
        fixture.Target.MaxConcurrency.Should().BeGreaterThanOrEqualTo(2, "independent steps are dispatched together");
        done.Output!.Value.GetProperty("join").GetArrayLength().Should().Be(3, "without an output mapping the output holds the final steps' outputs");
    }

    [Fact]
    public async Task Retry_TransientFailures_SucceedsAndRecordsEachAttempt()
    {
        var name = Unique("retry");
        var key = Guid.NewGuid().ToString("N");
        await Cluster.RegisterAsync(name, $$$"""
        {
          "defaults": { "retry": { "maxAttempts": 4, "initialInterval": "50ms", "backoffCoefficient": 2 } },
          "steps": [ { "id": "call", "type": "http", "with": { "url": "{{{Url($"/flaky/2/{key}")}}}" } } ]
        }
        """);

        var (grain, _) = await Cluster.StartAsync(name, workflowId: "retry-" + key);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed);
        var step = done.Steps.Single();
        step.Attempts.Should().Be(3);
        step.Failures.Select(f => (f.Attempt, f.Error.Type)).Should().Equal((1, "http.503"), (2, "http.503"));
        step.Output!.Value.GetProperty("body").GetProperty("calls").GetInt32().Should().Be(3);
        fixture.Target.IdempotencyKeys.Where(k => k.StartsWith($"retry-{key}:", StringComparison.Ordinal)).Should()
            .Equal($"retry-{key}:call:1", $"retry-{key}:call:2", $"retry-{key}:call:3");
        var history = await grain.GetHistoryAsync();
        history!.OfType<StepRetrying>().Select(e => e.Attempt).Should().Equal(1, 2);
    }

    [Fact]
    public async Task Retry_Exhausted_FailsWorkflowWithLastErrorAndSkipsDependents()
    {
        var name = Unique("exhaust");
        await Cluster.RegisterAsync(name, $$$"""
        {
          "steps": [
            { "id": "call", "type": "http", "retry": { "maxAttempts": 2, "initialInterval": "20ms" }, "with": { "url": "{{{Url("/status/500")}}}" } },
            { "id": "after", "type": "transform", "dependsOn": ["call"], "with": { "value": 1 } }
          ]
        }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Error!.Type.Should().Be("http.500");
        done.Error.Message.Should().Contain("Step 'call' failed");
        done.Steps[0].Status.Should().Be(StepStatus.Failed);
        done.Steps[0].Attempts.Should().Be(2);
        done.Steps[0].Failures.Should().HaveCount(2);
        done.Steps[1].Status.Should().Be(StepStatus.Skipped);
    }

    [Fact]
    public async Task NonRetryableStatus_FailsAtOnce()
    {
        var name = Unique("notfound");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "retry": { "maxAttempts": 5 }, "with": { "url": "{{{Url("/status/404")}}}" } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Attempts.Should().Be(1);
        done.Steps[0].Error!.Type.Should().Be("http.404");
        done.Steps[0].Error!.Retryable.Should().BeFalse();
        done.Steps[0].Failures.Single().Output!.Value.GetProperty("body").GetProperty("code").GetInt32().Should().Be(404, "a failed call's response is kept for diagnosis");
    }

    [Fact]
    public async Task NonRetryableErrorsList_StopsRetryOfMatchingType()
    {
        var name = Unique("nonretryable");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "retry": { "maxAttempts": 5, "initialInterval": "10ms", "nonRetryableErrors": ["http.5*"] },
                       "with": { "url": "{{{Url("/status/503")}}}" } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Timeout_SlowAttempts_FailWithTimeoutAfterRetries()
    {
        var name = Unique("timeout");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "100ms", "retry": { "maxAttempts": 2, "initialInterval": "10ms" },
                       "with": { "url": "{{{Url("/slow/5000")}}}" } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Failures.Select(f => f.Error.Type).Should().Equal("timeout", "timeout");
    }

    [Fact]
    public async Task Cancellation_WhileDelayAndPending_StopsAllSteps()
    {
        var name = Unique("cancel");
        await Cluster.RegisterAsync(name, """
        { "steps": [
            { "id": "wait", "type": "delay", "with": { "duration": "1h" } },
            { "id": "later", "type": "transform", "dependsOn": ["wait"], "with": { "value": 1 } } ] }
        """);
        var (grain, start) = await Cluster.StartAsync(name);

        var cancelled = await grain.CancelAsync("no longer needed");
        var again = await grain.CancelAsync("twice");

        start.Snapshot!.Status.Should().Be(WorkflowStatus.Running);
        start.Snapshot.Steps[0].Status.Should().Be(StepStatus.Waiting);
        cancelled.Outcome.Should().Be(CancelWorkflowOutcome.Cancelled);
        cancelled.Snapshot!.Status.Should().Be(WorkflowStatus.Cancelled);
        cancelled.Snapshot.Error!.Message.Should().Be("no longer needed");
        cancelled.Snapshot.Steps.Should().OnlyContain(s => s.Status == StepStatus.Cancelled);
        again.Outcome.Should().Be(CancelWorkflowOutcome.AlreadyFinished);
        again.Snapshot!.Error!.Message.Should().Be("no longer needed", "cancelling a finished workflow changes nothing");
        (await grain.GetHistoryAsync())!.OfType<WorkflowCancelled>().Should().ContainSingle();
    }

    [Fact]
    public async Task Template_MissingData_FailsStepWithoutRetryNamingExpressionAndPath()
    {
        var name = Unique("missing");
        await Cluster.RegisterAsync(name, """
        { "steps": [ { "id": "t", "type": "transform", "with": { "value": "to {{ input.customer.email }}" } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name, """{ "customer": { "name": "Ada" } }""");
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Error!.Type.Should().Be("template");
        done.Steps[0].Error!.Retryable.Should().BeFalse();
        done.Steps[0].Error!.Message.Should().Contain("input.customer.email").And.Contain("{{ input.customer.email }}");
        done.Steps[0].Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Start_SameWorkflowIdTwice_ReturnsExistingWorkflow()
    {
        var name = Unique("idem");
        await Cluster.RegisterAsync(name, """{ "steps": [ { "id": "t", "type": "transform", "with": { "value": "{{ input.v }}" } } ] }""");
        var id = Unique("wf");

        var (_, first) = await Cluster.StartAsync(name, """{ "v": 1 }""", id);
        var (grain, second) = await Cluster.StartAsync(name, """{ "v": 2 }""", id);

        first.Outcome.Should().Be(StartWorkflowOutcome.Started);
        second.Outcome.Should().Be(StartWorkflowOutcome.AlreadyExists);
        var done = await AutomationTestCluster.WaitAsync(grain);
        done.Steps[0].Output!.Value.GetInt32().Should().Be(1, "the second start must not create or change anything");
        (await grain.GetHistoryAsync())!.OfType<WorkflowStarted>().Should().ContainSingle();
    }

    [Fact]
    public async Task Start_UnknownDefinition_CreatesNothing()
    {
        var id = Unique("wf");

        var (grain, result) = await Cluster.StartAsync(Unique("nope"), workflowId: id);

        result.Outcome.Should().Be(StartWorkflowOutcome.DefinitionNotFound);
        (await grain.GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task Http_PostWithTemplatedBody_SendsJsonAndParsesJsonResponse()
    {
        var name = Unique("post");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "post", "type": "http",
            "with": { "method": "POST", "url": "{{{Url("/echo")}}}", "headers": { "X-Trace": "{{ workflow.id }}" }, "body": { "order": "{{ input.order }}" } } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name, """{ "order": { "id": 7, "items": ["a"] } }""", "post-wf-1" + Guid.NewGuid().ToString("N"));
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed);
        var output = done.Steps[0].Output!.Value;
        output.GetProperty("status").GetInt32().Should().Be(200);
        output.GetProperty("headers").GetProperty("content-type").GetString().Should().StartWith("application/json");
        var body = output.GetProperty("body");
        body.GetProperty("method").GetString().Should().Be("POST");
        JsonDocument.Parse(body.GetProperty("body").GetString()!).RootElement.GetProperty("order").GetProperty("id").GetInt32().Should().Be(7);
        body.GetProperty("idempotencyKey").GetString().Should().Be($"{done.WorkflowId}:post:1");
    }

    [Fact]
    public async Task Http_TextAndOversizeResponses_KeepTextAndFailWithoutRetry()
    {
        var name = Unique("bodies");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [
            { "id": "text", "type": "http", "with": { "url": "{{{Url("/text")}}}" } },
            { "id": "big", "type": "http", "dependsOn": ["text"], "retry": { "maxAttempts": 3 }, "with": { "url": "{{{Url("/big/2000000")}}}" } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Steps[0].Output!.Value.GetProperty("body").GetString().Should().Be("plain words");
        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[1].Error!.Type.Should().Be("http.response-too-large");
        done.Steps[1].Attempts.Should().Be(1);
    }

    [Fact]
    public async Task Http_HeadersInDefinition_ReplaceGeneratedIdempotencyKeyAndContentType()
    {
        var name = Unique("ownkey");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "post", "type": "http",
            "with": { "method": "POST", "url": "{{{Url("/echo")}}}", "body": "<order/>",
                      "headers": { "Idempotency-Key": "order-{{ input.order }}", "Content-Type": "application/xml" } } } ] }
        """);

        var (grain, _) = await Cluster.StartAsync(name, """{ "order": 42 }""");
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[0].Output!.Value.GetProperty("body").GetProperty("idempotencyKey").GetString().Should().Be("order-42");
        done.Steps[0].Output!.Value.GetProperty("body").GetProperty("contentType").GetString().Should().Be("application/xml", "a content header in headers replaces the body's");
    }

    [Fact]
    public async Task Cancellation_DuringHttpAttempt_AbortsTheCallAndRecordsNoCompletion()
    {
        var name = Unique("cancelhttp");
        var slow = Url("/slow/30000");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "1m", "with": { "url": "{{{slow}}}?id={{ workflow.id }}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        await fixture.Target.Received($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(30)); // hang guard only

        var cancelled = await grain.CancelAsync("stop the call");
        var after = await AutomationTestCluster.WaitAsync(grain);
        await fixture.Target.Ended($"{id}:call:1").WaitAsync(TimeSpan.FromSeconds(10)); // well before the 30 s the call would take

        fixture.Target.IdempotencyKeys.Should().Contain($"{id}:call:1", "the attempt was in flight when cancelled");
        fixture.Target.Ended($"{id}:call:1").IsCompleted.Should().BeTrue("cancelling the workflow aborts the HTTP call instead of letting it run 30 s");
        cancelled.Snapshot!.Status.Should().Be(WorkflowStatus.Cancelled);
        after.Steps[0].Status.Should().Be(StepStatus.Cancelled);
        (await grain.GetHistoryAsync())!.OfType<StepCompleted>().Should().BeEmpty();
    }

    [Fact]
    public async Task ReportTask_ForStepNeverDispatched_IsIgnored()
    {
        var name = Unique("reports");
        var slow = Url("/slow/3000");
        await Cluster.RegisterAsync(name, $$$"""
        { "steps": [
            { "id": "wait", "type": "http", "with": { "url": "{{{slow}}}" } },
            { "id": "after", "type": "transform", "dependsOn": ["wait"], "with": { "value": "{{ steps.wait.output.firedAt }}" } } ] }
        """);
        var id = Unique("wf");
        var (grain, _) = await Cluster.StartAsync(name, workflowId: id);
        var now = DateTimeOffset.UtcNow;
        var output = JsonDocument.Parse("""{ "firedAt": "x" }""").RootElement.Clone();

        await grain.ReportTaskAsync(new Automation.Tasks.TaskReport("after", Automation.Tasks.TaskReportKind.Completed, 1, now, now, output, null, null));
        await Cluster.StartAsync(name, workflowId: id); // a non-interleaved call, queued behind the one-way report
        var ignored = await grain.GetAsync();
        await grain.ReportTaskAsync(new Automation.Tasks.TaskReport("wait", Automation.Tasks.TaskReportKind.Completed, 1, now, now, output, null, null));
        var done = await AutomationTestCluster.WaitAsync(grain);

        ignored!.Steps[1].Status.Should().Be(StepStatus.Pending, "a report for a step that was never dispatched is not evidence of anything");
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[1].Output!.Value.GetString().Should().Be("x");
    }

    /// <summary>Issue 6: a long workflow must not rewrite its whole history on every write.</summary>
    [Fact]
    public async Task LongWorkflow_History_MovesToTheStoreAndReadsBackWhole()
    {
        var name = Unique("long");
        var steps = string.Join(",\n", Enumerable.Range(0, 120).Select(i =>
            $$"""{ "id": "s{{i}}", "type": "delay", {{(i > 0 ? $"\"dependsOn\": [\"s{i - 1}\"], " : "")}}"with": { "duration": "1ms" } }"""));
        await Cluster.RegisterAsync(name, $$"""{ "steps": [ {{steps}} ] }""");

        var (grain, _) = await Cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);
        var history = await grain.GetHistoryAsync();
        var firstPage = await grain.GetHistoryPageAsync(0, 100);
        var lastPage = await grain.GetHistoryPageAsync(300, 1000);

        done.Status.Should().Be(WorkflowStatus.Completed);
        history!.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 2 + (120 * 3)).Select(i => (long)i));
        history![0].Should().BeOfType<WorkflowStarted>();
        history![^1].Should().BeOfType<WorkflowCompleted>();
        Cluster.History!.Count(done.WorkflowId).Should().BeGreaterThan(300, "all but the newest events left the grain state");
        firstPage!.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(1, 100).Select(i => (long)i));
        firstPage.NextAfter.Should().Be(100);
        lastPage!.Events.Select(e => e.Sequence).Should().Equal(Enumerable.Range(301, 62).Select(i => (long)i));
        lastPage.NextAfter.Should().BeNull();
    }

    /// <summary>Issue 6: a client's first and only start, retried by the API after a lost answer, must still be "started".</summary>
    [Fact]
    public async Task Start_RetriedWithTheSameRequestId_IsStartedAgainButAnotherRequestFindsItExisting()
    {
        var name = Unique("reqid");
        await Cluster.RegisterAsync(name, """{ "steps": [ { "id": "a", "type": "delay", "with": { "duration": "1h" } } ] }""");
        var grain = Cluster.Client.GetGrain<IWorkflowGrain>(Unique("wf"));
        var input = JsonDocument.Parse("{}").RootElement.Clone();

        var first = await grain.StartAsync(new StartWorkflowCommand(name, null, input) { RequestId = "req-1" });
        var retried = await grain.StartAsync(new StartWorkflowCommand(name, null, input) { RequestId = "req-1" });
        var other = await grain.StartAsync(new StartWorkflowCommand(name, null, input) { RequestId = "req-2" });
        var anonymous = await grain.StartAsync(new StartWorkflowCommand(name, null, input));

        first.Outcome.Should().Be(StartWorkflowOutcome.Started);
        retried.Outcome.Should().Be(StartWorkflowOutcome.Started);
        other.Outcome.Should().Be(StartWorkflowOutcome.AlreadyExists);
        anonymous.Outcome.Should().Be(StartWorkflowOutcome.AlreadyExists);
        (await grain.GetHistoryAsync())!.OfType<WorkflowStarted>().Should().ContainSingle();
        await grain.CancelAsync("done");
    }
}
