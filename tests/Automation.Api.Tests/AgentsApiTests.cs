using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Agents;
using Automation.Api.Tests.Security;

namespace Automation.Api.Tests;

/// <summary>
/// The agent protocol end to end over real HTTP on a real silo and PostgreSQL (issue 10): a workflow's agent step
/// completes through register → poll → heartbeat → complete; hand-off to a waiting poll; priority and fairness;
/// lease expiry and retry with the same idempotency key; non-retryable failure; cancel through the heartbeat answer;
/// maxConcurrency and capability limits; bad input as problem documents.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AgentsApiTests(ApiFixture fixture)
{
    private const int Partitions = 8; // the silo's default Automation:Engine:AgentQueuePartitions

    private static string NewId(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private static string AgentStep(string id, string capability, string extra = "") =>
        $$$"""{ "id": "{{{id}}}", "type": "agent", "with": { "capability": "{{{capability}}}", "input": { "n": "{{ input.n }}", "step": "{{{id}}}" } }{{{extra}}} }""";

    private async Task<string> DefineAsync(string capability, string steps)
    {
        var name = NewId("agent-def");
        var response = await fixture.PutDefinitionAsync(name, $$"""{ "steps": [ {{steps}} ] }""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }

    private async Task<string> StartAsync(string definition, string? workflowId = null, int n = 1)
    {
        workflowId ??= NewId("wf");
        var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}", "workflowId": "{{workflowId}}", "input": { "n": {{n}} } }""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return workflowId;
    }

    private async Task<string> RegisterAsync(string capability, int maxConcurrency = 1, HttpClient? client = null)
    {
        var response = await (client ?? fixture.Http).PostAsync("/api/v1/agents",
            Json($$"""{ "name": "test-agent", "capabilities": ["{{capability}}"], "maxConcurrency": {{maxConcurrency}}, "labels": { "zone": "a" } }"""));
        var body = await ApiFixture.ReadAsync(response);
        response.StatusCode.Should().Be(HttpStatusCode.Created, body.GetRawText());
        var agentId = body.GetProperty("agentId").GetString()!;
        response.Headers.Location!.ToString().Should().Be($"/api/v1/agents/{agentId}");
        body.GetProperty("heartbeatIntervalSeconds").GetInt32().Should().BePositive();
        return agentId;
    }

    private Task<HttpResponseMessage> PollAsync(string agentId, int max = 1, int wait = 30, HttpClient? client = null) =>
        (client ?? fixture.Http).PostAsync($"/api/v1/agents/{agentId}/poll", Json($$"""{ "max": {{max}}, "waitSeconds": {{wait}} }"""));

    private async Task<List<JsonElement>> PollTasksAsync(string agentId, int max = 1, int wait = 30)
    {
        var response = await PollAsync(agentId, max, wait);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            return [];
        }

        var body = await ApiFixture.ReadAsync(response);
        response.StatusCode.Should().Be(HttpStatusCode.OK, body.GetRawText());
        return [.. body.GetProperty("tasks").EnumerateArray()];
    }

    private Task<HttpResponseMessage> CompleteAsync(string taskId, string agentId, string output = """{ "done": true }""", HttpClient? client = null) =>
        (client ?? fixture.Http).PostAsync($"/api/v1/tasks/{taskId}/complete", Json($$"""{ "agentId": "{{agentId}}", "output": {{output}} }"""));

    private Task<HttpResponseMessage> HeartbeatAsync(string taskId, string agentId, int progress = 50) =>
        fixture.Http.PostAsync($"/api/v1/tasks/{taskId}/heartbeat", Json($$"""{ "agentId": "{{agentId}}", "progress": {{progress}}, "details": { "phase": "rendering" } }"""));

    private async Task<JsonElement> WaitForWorkflowAsync(string workflowId)
    {
        for (var i = 0; i < 20; i++)
        {
            var body = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{workflowId}?wait=10s"));
            if (body.GetProperty("status").GetString() is not ("Running" or "Pending"))
            {
                return body;
            }
        }

        throw new TimeoutException($"Workflow {workflowId} did not finish.");
    }

    /// <summary>Waits until the capability's queues hold <paramref name="queued"/> tasks (the workflows dispatch asynchronously).</summary>
    private async Task WaitForQueuedAsync(string capability, int queued, bool exactly = false)
    {
        for (var i = 0; i < 200; i++)
        {
            var list = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/capabilities"));
            var entry = list.GetProperty("capabilities").EnumerateArray().FirstOrDefault(c => c.GetProperty("name").GetString() == capability);
            if (entry.ValueKind == JsonValueKind.Object && (exactly ? entry.GetProperty("queued").GetInt32() == queued : entry.GetProperty("queued").GetInt32() >= queued))
            {
                return;
            }

            await Task.Delay(50); // a hang guard while the workflows dispatch, not a timing assertion
        }

        throw new TimeoutException($"Capability {capability} never held {queued} queued tasks.");
    }

    /// <summary>Workflow ids that hash to one partition, so one queue orders them.</summary>
    private static string IdInPartition(string prefix, int partition)
    {
        while (true)
        {
            var id = NewId(prefix);
            if (AgentNames.Partition(id, Partitions) == partition)
            {
                return id;
            }
        }
    }

    [Fact]
    public async Task AgentStep_RegisterPollHeartbeatComplete_WorkflowCompletesWithAgentOutput()
    {
        var capability = NewId("docs.render");
        var definition = await DefineAsync(capability, AgentStep("render", capability, """, "priority": 7, "timeouts": { "run": "10m", "heartbeat": "1m" }"""));
        var agentId = await RegisterAsync(capability, maxConcurrency: 2);
        var workflowId = await StartAsync(definition, n: 42);

        var tasks = await PollTasksAsync(agentId);
        var task = tasks.Single();
        var taskId = task.GetProperty("taskId").GetString()!;
        var heartbeat = await HeartbeatAsync(taskId, agentId, 50);
        var heartbeatBody = await ApiFixture.ReadAsync(heartbeat);
        var running = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{workflowId}"));
        var agentWhileHeld = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/agents/{agentId}"));
        var complete = await CompleteAsync(taskId, agentId, """{ "html": "<h1>42</h1>" }""");
        var repeat = await CompleteAsync(taskId, agentId, """{ "html": "<h1>42</h1>" }""");
        var different = await CompleteAsync(taskId, agentId, """{ "html": "other" }""");
        var finished = await WaitForWorkflowAsync(workflowId);
        var agent = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/agents/{agentId}"));
        var list = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/agents?capability={capability}"));

        task.GetProperty("workflowId").GetString().Should().Be(workflowId);
        task.GetProperty("stepId").GetString().Should().Be("render");
        task.GetProperty("attempt").GetInt32().Should().Be(1);
        task.GetProperty("capability").GetString().Should().Be(capability);
        task.GetProperty("priority").GetInt32().Should().Be(7);
        task.GetProperty("input").GetProperty("n").GetInt32().Should().Be(42, "a whole-value template keeps the value's type");
        task.GetProperty("idempotencyKey").GetString().Should().Be($"{workflowId}:render");
        task.GetProperty("deadlines").GetProperty("runBy").GetDateTimeOffset().Should().BeAfter(task.GetProperty("leasedAt").GetDateTimeOffset());
        task.GetProperty("deadlines").GetProperty("heartbeatBy").ValueKind.Should().Be(JsonValueKind.String);
        heartbeat.StatusCode.Should().Be(HttpStatusCode.OK, heartbeatBody.GetRawText());
        heartbeatBody.GetProperty("cancelRequested").GetBoolean().Should().BeFalse();
        var progress = running.GetProperty("steps")[0].GetProperty("progress");
        progress.GetProperty("percent").GetInt32().Should().Be(50);
        progress.GetProperty("details").GetProperty("phase").GetString().Should().Be("rendering");
        progress.GetProperty("agentId").GetString().Should().Be(agentId);
        agentWhileHeld.GetProperty("leasedTasks").EnumerateArray().Select(t => t.GetProperty("taskId").GetString()).Should().Equal(taskId);
        complete.StatusCode.Should().Be(HttpStatusCode.OK);
        repeat.StatusCode.Should().Be(HttpStatusCode.OK, "repeating the same report is idempotent");
        different.StatusCode.Should().Be(HttpStatusCode.Conflict);
        different.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        finished.GetProperty("status").GetString().Should().Be("Completed");
        finished.GetProperty("steps")[0].GetProperty("output").GetProperty("html").GetString().Should().Be("<h1>42</h1>");
        agent.GetProperty("status").GetString().Should().Be("healthy");
        agent.GetProperty("completed").GetInt64().Should().Be(1);
        agent.GetProperty("leasedTasks").GetArrayLength().Should().Be(0);
        agent.GetProperty("recentDurationsMs").GetArrayLength().Should().Be(1);
        agent.GetProperty("labels").GetProperty("zone").GetString().Should().Be("a");
        list.GetProperty("agents").EnumerateArray().Select(a => a.GetProperty("agentId").GetString()).Should().Equal(agentId);
    }

    [Fact]
    public async Task Poll_AgentAlreadyWaiting_GetsTaskQueuedWhileItWaits()
    {
        var capability = NewId("handoff");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var agentId = await RegisterAsync(capability);

        var polling = PollTasksAsync(agentId, wait: 60);
        // Give the poll time to register as a waiter (a hang guard; the test passes either way round).
        await Task.Delay(500);
        var workflowId = await StartAsync(definition);
        var tasks = await polling;

        tasks.Should().ContainSingle().Which.GetProperty("workflowId").GetString().Should().Be(workflowId);
        (await CompleteAsync(tasks[0].GetProperty("taskId").GetString()!, agentId)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await WaitForWorkflowAsync(workflowId)).GetProperty("status").GetString().Should().Be("Completed");
    }

    [Fact]
    public async Task Poll_PrioritiesAndWorkflows_HigherPriorityFirstThenRoundRobinAcrossWorkflows()
    {
        var capability = NewId("fair");
        var big = await DefineAsync(capability, string.Join(", ", Enumerable.Range(1, 5).Select(i => AgentStep($"s{i}", capability))));
        var small = await DefineAsync(capability, AgentStep("only", capability));
        var urgent = await DefineAsync(capability, AgentStep("urgent", capability, """, "priority": 9"""));
        var bigId = await StartAsync(big, IdInPartition("big", 3));
        await WaitForQueuedAsync(capability, 5);
        var smallId = await StartAsync(small, IdInPartition("small", 3));
        await WaitForQueuedAsync(capability, 6);
        var urgentId = await StartAsync(urgent, IdInPartition("urgent", 3));
        await WaitForQueuedAsync(capability, 7);
        var agentId = await RegisterAsync(capability, maxConcurrency: 10);

        var order = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            order.Add((await PollTasksAsync(agentId, max: 1, wait: 0)).Single().GetProperty("workflowId").GetString()!);
        }

        order.Should().Equal(urgentId, bigId, smallId, bigId, bigId, bigId, bigId);
    }

    [Fact]
    public async Task HeartbeatTimeout_LeaseExpires_AttemptRetriedOnAnotherAgentWithSameIdempotencyKey()
    {
        var capability = NewId("expiry");
        var definition = await DefineAsync(capability, AgentStep("a", capability,
            """, "timeouts": { "heartbeat": "1s" }, "retry": { "maxAttempts": 2, "initialInterval": "100ms" }"""));
        var agentId = await RegisterAsync(capability);
        var otherAgentId = await RegisterAsync(capability);
        var workflowId = await StartAsync(definition);

        var first = (await PollTasksAsync(agentId)).Single();
        // No heartbeat: the lease ends after 1 s and the workflow retries; the other agent's poll waits for attempt 2.
        var second = (await PollTasksAsync(otherAgentId, wait: 60)).Single();
        var lateReport = await CompleteAsync(first.GetProperty("taskId").GetString()!, agentId);
        var report = await CompleteAsync(second.GetProperty("taskId").GetString()!, otherAgentId);
        var firstAgent = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/agents/{agentId}"));
        var finished = await WaitForWorkflowAsync(workflowId);

        second.GetProperty("attempt").GetInt32().Should().Be(2);
        second.GetProperty("taskId").GetString().Should().NotBe(first.GetProperty("taskId").GetString());
        second.GetProperty("idempotencyKey").GetString().Should().Be(first.GetProperty("idempotencyKey").GetString()).And.Be($"{workflowId}:a");
        lateReport.StatusCode.Should().Be(HttpStatusCode.Conflict);
        report.StatusCode.Should().Be(HttpStatusCode.OK);
        finished.GetProperty("status").GetString().Should().Be("Completed");
        finished.GetProperty("steps")[0].GetProperty("failures")[0].GetProperty("error").GetProperty("type").GetString().Should().Be("agent.heartbeat-timeout");
        firstAgent.GetProperty("failed").GetInt64().Should().Be(1, "its lease passed a deadline");
        firstAgent.GetProperty("leasedTasks").GetArrayLength().Should().Be(0);
    }

    [Fact]
    public async Task Fail_NotRetryable_FailsTheWorkflowWithTheAgentsError()
    {
        var capability = NewId("failing");
        var definition = await DefineAsync(capability, AgentStep("a", capability, """, "retry": { "maxAttempts": 5, "initialInterval": "100ms" }"""));
        var agentId = await RegisterAsync(capability);
        var workflowId = await StartAsync(definition);

        var task = (await PollTasksAsync(agentId)).Single();
        var fail = await fixture.Http.PostAsync($"/api/v1/tasks/{task.GetProperty("taskId").GetString()}/fail",
            Json($$"""{ "agentId": "{{agentId}}", "error": { "type": "render.bad-template", "message": "no such partial" }, "retryable": false }"""));
        var finished = await WaitForWorkflowAsync(workflowId);

        fail.StatusCode.Should().Be(HttpStatusCode.OK);
        finished.GetProperty("status").GetString().Should().Be("Failed");
        var step = finished.GetProperty("steps")[0];
        step.GetProperty("attempts").GetInt32().Should().Be(1);
        step.GetProperty("error").GetProperty("type").GetString().Should().Be("render.bad-template");
        step.GetProperty("error").GetProperty("message").GetString().Should().Be("no such partial");
    }

    [Fact]
    public async Task Cancel_LeasedTask_HeartbeatAnswersCancelRequestedAndLaterCompleteGets409()
    {
        var capability = NewId("cancel");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var agentId = await RegisterAsync(capability);
        var workflowId = await StartAsync(definition);
        var taskId = (await PollTasksAsync(agentId)).Single().GetProperty("taskId").GetString()!;

        var cancel = await fixture.PostAsync($"/api/v1/workflows/{workflowId}/cancel", "{}");
        var heartbeat = await ApiFixture.ReadAsync(await HeartbeatAsync(taskId, agentId));
        var complete = await CompleteAsync(taskId, agentId);
        var workflow = await WaitForWorkflowAsync(workflowId);
        var agent = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/agents/{agentId}"));

        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        heartbeat.GetProperty("cancelRequested").GetBoolean().Should().BeTrue();
        complete.StatusCode.Should().Be(HttpStatusCode.Conflict);
        workflow.GetProperty("status").GetString().Should().Be("Cancelled");
        agent.GetProperty("leasedTasks").GetArrayLength().Should().Be(0, "the slot is free again");
    }

    [Fact]
    public async Task Poll_MaxConcurrency_NeverLeasesMoreThanTheAgentsFreeSlots()
    {
        var capability = NewId("slots");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var agentId = await RegisterAsync(capability, maxConcurrency: 2);
        for (var i = 0; i < 3; i++)
        {
            await StartAsync(definition);
        }

        await WaitForQueuedAsync(capability, 3);

        var first = await PollTasksAsync(agentId, max: 10, wait: 0);
        var whileFull = await PollAsync(agentId, max: 10, wait: 0);
        (await CompleteAsync(first[0].GetProperty("taskId").GetString()!, agentId)).StatusCode.Should().Be(HttpStatusCode.OK);
        var afterOne = await PollTasksAsync(agentId, max: 10, wait: 0);

        first.Should().HaveCount(2);
        whileFull.StatusCode.Should().Be(HttpStatusCode.NoContent);
        afterOne.Should().HaveCount(1);
    }

    [Fact]
    public async Task CapabilityLimit_MaxConcurrency_HonouredAcrossAgentsAndShownInStats()
    {
        var capability = NewId("limited");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var put = await fixture.Http.PutAsync($"/api/v1/capabilities/{capability}/limits", Json("""{ "maxConcurrency": 1, "maxDispatchPerSecond": 100 }"""));
        var putBody = await ApiFixture.ReadAsync(put);
        var agentA = await RegisterAsync(capability, maxConcurrency: 5);
        var agentB = await RegisterAsync(capability, maxConcurrency: 5);
        await StartAsync(definition);
        await StartAsync(definition);
        await WaitForQueuedAsync(capability, 2);

        var byA = await PollTasksAsync(agentA, max: 5, wait: 0);
        var byB = await PollAsync(agentB, max: 5, wait: 0);
        var stats = (await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/capabilities")))
            .GetProperty("capabilities").EnumerateArray().Single(c => c.GetProperty("name").GetString() == capability);
        (await CompleteAsync(byA[0].GetProperty("taskId").GetString()!, agentA)).StatusCode.Should().Be(HttpStatusCode.OK);
        var byBAfter = await PollTasksAsync(agentB, max: 5, wait: 30);

        put.StatusCode.Should().Be(HttpStatusCode.OK, putBody.GetRawText());
        putBody.GetProperty("maxConcurrency").GetInt32().Should().Be(1);
        byA.Should().HaveCount(1);
        byB.StatusCode.Should().Be(HttpStatusCode.NoContent);
        stats.GetProperty("queued").GetInt32().Should().Be(1);
        stats.GetProperty("leased").GetInt32().Should().Be(1);
        stats.GetProperty("oldestQueuedAgeSeconds").GetDouble().Should().BeGreaterThanOrEqualTo(0);
        stats.GetProperty("maxDispatchPerSecond").GetDouble().Should().Be(100);
        byBAfter.Should().HaveCount(1);
    }

    [Fact]
    public async Task CapabilityLimit_DispatchRate_LeasesNoMoreThanTheBucketAndTheRestLater()
    {
        var capability = NewId("rated");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        (await fixture.Http.PutAsync($"/api/v1/capabilities/{capability}/limits", Json("""{ "maxDispatchPerSecond": 0.5 }"""))).StatusCode.Should().Be(HttpStatusCode.OK);
        var agentId = await RegisterAsync(capability, maxConcurrency: 10);
        for (var i = 0; i < 3; i++)
        {
            await StartAsync(definition);
        }

        await WaitForQueuedAsync(capability, 3);

        var burst = await PollTasksAsync(agentId, max: 10, wait: 0);
        var leased = burst.Count;
        while (leased < 3)
        {
            // Each long-poll is handed a task when the next permit is due.
            leased += (await PollTasksAsync(agentId, max: 10, wait: 30)).Count;
        }

        burst.Count.Should().BeInRange(1, 2, "the bucket holds one second's worth (at least one permit) at 0.5 per second");
        leased.Should().Be(3);
    }

    [Fact]
    public async Task Cancel_QueuedTask_IsDroppedFromTheQueueAndNeverLeased()
    {
        var capability = NewId("cancel-queued");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var workflowId = await StartAsync(definition);
        await WaitForQueuedAsync(capability, 1);

        var cancel = await fixture.PostAsync($"/api/v1/workflows/{workflowId}/cancel", "{}");
        await WaitForQueuedAsync(capability, 0, exactly: true);
        var agentId = await RegisterAsync(capability);
        var poll = await PollAsync(agentId, wait: 0);

        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        poll.StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Complete_OutputOverTheBodyLimit_Is413AndChangesNothing()
    {
        var capability = NewId("big-output");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var agentId = await RegisterAsync(capability);
        var workflowId = await StartAsync(definition);
        var taskId = (await PollTasksAsync(agentId)).Single().GetProperty("taskId").GetString()!;

        var tooBig = await CompleteAsync(taskId, agentId, JsonSerializer.Serialize(new string('x', ApiFixture.MaxBodyBytes + 1)));
        var agent = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/agents/{agentId}"));
        var ok = await CompleteAsync(taskId, agentId);

        tooBig.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        agent.GetProperty("leasedTasks").GetArrayLength().Should().Be(1, "nothing changed");
        ok.StatusCode.Should().Be(HttpStatusCode.OK);
        (await WaitForWorkflowAsync(workflowId)).GetProperty("status").GetString().Should().Be("Completed");
    }

    [Fact]
    public async Task Audit_ReportsAreRecordedButRoutineHeartbeatsAndEmptyPollsAreNot()
    {
        var capability = NewId("audited");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var agentId = await RegisterAsync(capability);
        (await PollAsync(agentId, wait: 0)).StatusCode.Should().Be(HttpStatusCode.NoContent);
        await StartAsync(definition);
        var taskId = (await PollTasksAsync(agentId)).Single().GetProperty("taskId").GetString()!;

        (await HeartbeatAsync(taskId, agentId)).StatusCode.Should().Be(HttpStatusCode.OK);
        (await CompleteAsync(taskId, agentId)).StatusCode.Should().Be(HttpStatusCode.OK);
        var completes = await AuditAsync($"action=CompleteTask&target={Uri.EscapeDataString(taskId)}", wanted: 1);
        var heartbeats = await AuditAsync($"action=HeartbeatTask&target={Uri.EscapeDataString(taskId)}", wanted: 0);
        var polls = await AuditAsync($"action=PollAgentTasks&target={agentId}", wanted: 1);

        completes.Should().ContainSingle().Which.GetProperty("outcome").GetString().Should().Be("success");
        heartbeats.Should().BeEmpty();
        polls.Should().ContainSingle("the poll that leased a task is recorded, the empty one is not");
    }

    /// <summary>Reads audit records; the writer is asynchronous, so it waits (a hang guard) until at least <paramref name="wanted"/> are there.</summary>
    private async Task<List<JsonElement>> AuditAsync(string query, int wanted)
    {
        for (var i = 0; ; i++)
        {
            var items = (await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/audit?limit=500&" + query))).GetProperty("items").EnumerateArray().ToList();
            if (items.Count >= wanted || i >= 200)
            {
                return items;
            }

            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task Delete_Agent_DrainsItAndPollsGet409ThenItIsGone()
    {
        var capability = NewId("drain");
        var agentId = await RegisterAsync(capability);

        var delete = await fixture.Http.DeleteAsync($"/api/v1/agents/{agentId}");
        var poll = await PollAsync(agentId, wait: 0);
        var get = await fixture.Http.GetAsync($"/api/v1/agents/{agentId}");

        delete.StatusCode.Should().Be(HttpStatusCode.Accepted);
        poll.StatusCode.Should().BeOneOf(HttpStatusCode.Conflict, HttpStatusCode.NotFound);
        get.StatusCode.Should().Be(HttpStatusCode.NotFound, "an agent that holds nothing is removed at once");
    }

    [Fact]
    public async Task Delete_AgentHoldingATask_DrainsPollsGet409TheReportIsAcceptedThenItIsRemoved()
    {
        var capability = NewId("drain-held");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var agentId = await RegisterAsync(capability, maxConcurrency: 2);
        var workflowId = await StartAsync(definition);
        var taskId = (await PollTasksAsync(agentId)).Single().GetProperty("taskId").GetString()!;

        var delete = await fixture.Http.DeleteAsync($"/api/v1/agents/{agentId}");
        var deleteBody = await ApiFixture.ReadAsync(delete);
        var poll = await PollAsync(agentId, wait: 0);
        var report = await CompleteAsync(taskId, agentId);
        var after = await fixture.Http.GetAsync($"/api/v1/agents/{agentId}");

        delete.StatusCode.Should().Be(HttpStatusCode.Accepted);
        deleteBody.GetProperty("status").GetString().Should().Be("draining");
        poll.StatusCode.Should().Be(HttpStatusCode.Conflict);
        report.StatusCode.Should().Be(HttpStatusCode.OK, "a draining agent may still report what it holds");
        after.StatusCode.Should().Be(HttpStatusCode.NotFound, "once it holds nothing it is removed");
        (await WaitForWorkflowAsync(workflowId)).GetProperty("status").GetString().Should().Be("Completed");
    }

    [Fact]
    public async Task BadInput_EachMistake_IsAProblemNamingTheFieldAndChangesNothing()
    {
        var capability = NewId("bad");
        var agentId = await RegisterAsync(capability);
        using var other = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["agents:register", "agents:work"]));

        var unknownAgent = await PollAsync(Guid.NewGuid().ToString("N"), wait: 0);
        var emptyCapabilities = await fixture.Http.PostAsync("/api/v1/agents", Json("""{ "name": "x", "capabilities": [] }"""));
        var badCapability = await fixture.Http.PostAsync("/api/v1/agents", Json("""{ "name": "x", "capabilities": ["Not Valid"], "maxConcurrency": 0 }"""));
        var longLabels = await fixture.Http.PostAsync("/api/v1/agents",
            Json($$"""{ "name": "x", "capabilities": ["{{capability}}"], "labels": { "{{new string('k', 101)}}": "v", "zone": "{{new string('v', 501)}}" } }"""));
        var maxOutOfRange = await PollAsync(agentId, max: 0, wait: 0);
        var waitOutOfRange = await PollAsync(agentId, max: 1, wait: 61);
        var unknownPollField = await fixture.Http.PostAsync($"/api/v1/agents/{agentId}/poll", Json("""{ "n": 5 }"""));
        var unknownTask = await CompleteAsync($"{capability}~0~abcdef", agentId);
        var otherPrincipal = await PollAsync(agentId, wait: 0, client: other);
        var otherDelete = await other.DeleteAsync($"/api/v1/agents/{agentId}");
        var blankDelete = await fixture.Http.DeleteAsync("/api/v1/agents/%20");
        var missingAgentId = await fixture.Http.PostAsync($"/api/v1/tasks/{capability}~0~abcdef/heartbeat", Json("""{ "progress": 5 }"""));
        var badProgress = await fixture.Http.PostAsync($"/api/v1/tasks/{capability}~0~abcdef/heartbeat", Json($$"""{ "agentId": "{{agentId}}", "progress": 101 }"""));
        var badLimits = await fixture.Http.PutAsync($"/api/v1/capabilities/{capability}/limits", Json("""{ "maxConcurrency": 0, "maxDispatchPerSecond": -1 }"""));
        var viewer = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["agents:read"]));
        var viewerLimits = await viewer.PutAsync($"/api/v1/capabilities/{capability}/limits", Json("""{ "maxConcurrency": 1 }"""));

        unknownAgent.StatusCode.Should().Be(HttpStatusCode.NotFound);
        emptyCapabilities.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(emptyCapabilities)).GetProperty("errors").TryGetProperty("$.capabilities", out _).Should().BeTrue();
        var bad = (await ApiFixture.ReadAsync(badCapability)).GetProperty("errors");
        bad.TryGetProperty("$.capabilities[0]", out _).Should().BeTrue();
        bad.TryGetProperty("$.maxConcurrency", out _).Should().BeTrue();
        longLabels.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var labelErrors = (await ApiFixture.ReadAsync(longLabels)).GetProperty("errors");
        labelErrors.TryGetProperty("$.labels", out _).Should().BeTrue();
        labelErrors.TryGetProperty("$.labels.zone", out _).Should().BeTrue();
        maxOutOfRange.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(maxOutOfRange)).GetProperty("errors").TryGetProperty("$.max", out _).Should().BeTrue();
        (await ApiFixture.ReadAsync(waitOutOfRange)).GetProperty("errors").TryGetProperty("$.waitSeconds", out _).Should().BeTrue();
        unknownPollField.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(unknownPollField)).GetProperty("errors").TryGetProperty("$.n", out _).Should().BeTrue();
        unknownTask.StatusCode.Should().Be(HttpStatusCode.NotFound);
        otherPrincipal.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherDelete.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        blankDelete.StatusCode.Should().Be(HttpStatusCode.NotFound, "a blank id is no agent (it was a 500, found by the fuzzer)");
        (await ApiFixture.ReadAsync(missingAgentId)).GetProperty("errors").TryGetProperty("$.agentId", out _).Should().BeTrue();
        (await ApiFixture.ReadAsync(badProgress)).GetProperty("errors").TryGetProperty("$.progress", out _).Should().BeTrue();
        var limits = (await ApiFixture.ReadAsync(badLimits)).GetProperty("errors");
        limits.TryGetProperty("$.maxConcurrency", out _).Should().BeTrue();
        limits.TryGetProperty("$.maxDispatchPerSecond", out _).Should().BeTrue();
        viewerLimits.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await fixture.Http.GetAsync($"/api/v1/agents/{agentId}")).StatusCode.Should().Be(HttpStatusCode.OK, "nothing changed");
    }

    [Fact]
    public async Task Report_TaskHeldByAnotherAgent_Gets409AndChangesNothing()
    {
        var capability = NewId("held");
        var definition = await DefineAsync(capability, AgentStep("a", capability));
        var holder = await RegisterAsync(capability);
        var intruder = await RegisterAsync(capability);
        var workflowId = await StartAsync(definition);
        var taskId = (await PollTasksAsync(holder)).Single().GetProperty("taskId").GetString()!;

        var byIntruder = await CompleteAsync(taskId, intruder);
        var heartbeatByIntruder = await HeartbeatAsync(taskId, intruder);
        var byHolder = await CompleteAsync(taskId, holder);

        byIntruder.StatusCode.Should().Be(HttpStatusCode.Conflict);
        heartbeatByIntruder.StatusCode.Should().Be(HttpStatusCode.Conflict);
        byHolder.StatusCode.Should().Be(HttpStatusCode.OK);
        (await WaitForWorkflowAsync(workflowId)).GetProperty("status").GetString().Should().Be("Completed");
    }
}
