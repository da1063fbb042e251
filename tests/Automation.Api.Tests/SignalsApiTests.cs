using System.Net;
using System.Text.Json;

namespace Automation.Api.Tests;

/// <summary><c>POST /workflows/{id}/signals/{name}</c> and <c>/approvals/{stepId}</c> end to end, with bad input.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SignalsApiTests(ApiFixture fixture)
{
    private async Task<string> StartAsync(string definition)
    {
        var name = "wf-" + Guid.NewGuid().ToString("N");
        var put = await fixture.PutDefinitionAsync(name, definition);
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");
        return (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString()!;
    }

    private async Task<JsonElement> GetAsync(string id) => await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}"));

    [Fact]
    public async Task Signal_WaitingStep_TakesThePayloadAndTheWorkflowCompletes()
    {
        var id = await StartAsync("""
        { "steps": [ { "id": "paid", "type": "wait", "with": { "signal": "payment-received" }, "timeout": "1h" },
                     { "id": "ship", "type": "transform", "dependsOn": ["paid"], "with": { "value": "{{ steps.paid.output.amount }}" } } ] }
        """);
        var waiting = await GetAsync(id);

        var signal = await fixture.PostAsync($"/api/v1/workflows/{id}/signals/payment-received", """{ "amount": 42 }""");
        var body = await ApiFixture.ReadAsync(signal);
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=10s"));

        var step = waiting.GetProperty("steps")[0];
        step.GetProperty("status").GetString().Should().Be("Waiting");
        step.GetProperty("waitingFor").GetProperty("signal").GetString().Should().Be("payment-received");
        step.GetProperty("waitingFor").GetProperty("timeoutAt").ValueKind.Should().Be(JsonValueKind.String);
        signal.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("delivered").GetBoolean().Should().BeTrue();
        body.GetProperty("stepId").GetString().Should().Be("paid");
        done.GetProperty("status").GetString().Should().Be("Completed");
        done.GetProperty("steps")[1].GetProperty("output").GetInt32().Should().Be(42);
    }

    [Fact]
    public async Task Signal_NobodyWaitsFor_IsListedAsPending()
    {
        var id = await StartAsync("""{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""");

        var signal = await fixture.PostAsync($"/api/v1/workflows/{id}/signals/other", """{ "x": 1 }""");
        var body = await ApiFixture.ReadAsync(signal);
        var workflow = await GetAsync(id);

        body.GetProperty("delivered").GetBoolean().Should().BeFalse();
        body.GetProperty("stepId").ValueKind.Should().Be(JsonValueKind.Null);
        var pending = workflow.GetProperty("pendingSignals").EnumerateArray().Should().ContainSingle().Subject;
        pending.GetProperty("name").GetString().Should().Be("other");
        pending.GetProperty("payload").GetProperty("x").GetInt32().Should().Be(1);
    }

    [Fact]
    public async Task Signal_BadInput_Returns400404Or409AndChangesNothing()
    {
        var declared = await StartAsync("""{ "signals": ["go"], "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""");
        var finished = await StartAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        var badName = await fixture.PostAsync($"/api/v1/workflows/{declared}/signals/bad%20name", "{}");
        var undeclared = await fixture.PostAsync($"/api/v1/workflows/{declared}/signals/stop", "{}");
        var malformed = await fixture.PostAsync($"/api/v1/workflows/{declared}/signals/go", "{ nope");
        var unknown = await fixture.PostAsync("/api/v1/workflows/no-such-workflow/signals/go", "{}");
        var late = await fixture.PostAsync($"/api/v1/workflows/{finished}/signals/go", "{}");
        var after = await GetAsync(declared);

        badName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badName.Content.ReadAsStringAsync()).Should().Contain("\"name\"");
        undeclared.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await undeclared.Content.ReadAsStringAsync()).Should().Contain("does not accept the signal 'stop'");
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        late.StatusCode.Should().Be(HttpStatusCode.Conflict);
        after.GetProperty("pendingSignals").GetArrayLength().Should().Be(0);
        after.GetProperty("steps")[0].GetProperty("status").GetString().Should().Be("Waiting");
    }

    [Fact]
    public async Task Approve_RecordsTheAuthenticatedCallerAsApprover()
    {
        var id = await StartAsync("""{ "steps": [ { "id": "ok", "type": "wait", "with": { "approval": { "message": "Ship it?" } } } ] }""");
        var waiting = await GetAsync(id);

        var approve = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/ok", """{ "decision": "approve", "comment": "looks good" }""");
        var body = await ApiFixture.ReadAsync(approve);
        var history = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history"));

        waiting.GetProperty("steps")[0].GetProperty("waitingFor").GetProperty("approval").GetBoolean().Should().BeTrue();
        waiting.GetProperty("steps")[0].GetProperty("waitingFor").GetProperty("message").GetString().Should().Be("Ship it?");
        approve.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("status").GetString().Should().Be("Completed");
        var output = body.GetProperty("steps")[0].GetProperty("output");
        output.GetProperty("approved").GetBoolean().Should().BeTrue();
        output.GetProperty("by").GetString().Should().Be(ApiFixture.AdminUser);
        output.GetProperty("comment").GetString().Should().Be("looks good");
        var recorded = history.GetProperty("events").EnumerateArray().Single(e => e.GetProperty("type").GetString() == "ApprovalRecorded");
        recorded.GetProperty("by").GetString().Should().Be(ApiFixture.AdminUser);
        recorded.GetProperty("approved").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task Reject_FailsTheWorkflowWithApprovalRejected()
    {
        var id = await StartAsync("""{ "steps": [ { "id": "ok", "type": "wait", "with": { "approval": {} } } ] }""");

        var reject = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/ok", """{ "decision": "reject", "comment": "too risky" }""");
        var body = await ApiFixture.ReadAsync(reject);

        reject.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("status").GetString().Should().Be("Failed");
        var error = body.GetProperty("steps")[0].GetProperty("error");
        error.GetProperty("type").GetString().Should().Be("approval.rejected");
        error.GetProperty("message").GetString().Should().Be($"Rejected by {ApiFixture.AdminUser}: too risky");
        error.GetProperty("retryable").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Approve_BadInput_Returns400403404Or409AndChangesNothing()
    {
        var id = await StartAsync("""
        { "steps": [ { "id": "s", "type": "wait", "with": { "signal": "go" } },
                     { "id": "ok", "type": "wait", "with": { "approval": { "approvers": ["role:nobody-has-this"] } } } ] }
        """);

        var badDecision = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/ok", """{ "decision": "maybe" }""");
        var unknownProperty = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/ok", """{ "decision": "approve", "colour": "red" }""");
        var notApprover = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/ok", """{ "decision": "approve" }""");
        var signalStep = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/s", """{ "decision": "approve" }""");
        var noStep = await fixture.PostAsync($"/api/v1/workflows/{id}/approvals/ghost", """{ "decision": "approve" }""");
        var noWorkflow = await fixture.PostAsync("/api/v1/workflows/no-such-workflow/approvals/ok", """{ "decision": "approve" }""");
        var after = await GetAsync(id);

        badDecision.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await badDecision.Content.ReadAsStringAsync()).Should().Contain("$.decision");
        unknownProperty.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        notApprover.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        signalStep.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await signalStep.Content.ReadAsStringAsync()).Should().Contain("is not an approval step");
        noStep.StatusCode.Should().Be(HttpStatusCode.NotFound);
        noWorkflow.StatusCode.Should().Be(HttpStatusCode.NotFound);
        after.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()).Should().Equal("Waiting", "Waiting");
    }

    [Fact]
    public async Task Signal_SameIdempotencyKeyTwice_IsAppliedOnce()
    {
        var id = await StartAsync("""{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""");

        async Task<HttpResponseMessage> SendAsync(string key)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/workflows/{id}/signals/other") { Content = new StringContent("{}", System.Text.Encoding.UTF8, "application/json") };
            request.Headers.Add("Idempotency-Key", key);
            return await fixture.Http.SendAsync(request);
        }

        var first = await SendAsync("sig-1");
        var again = await SendAsync("sig-1");
        var bad = await SendAsync("has space");
        var workflow = await GetAsync(id);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        workflow.GetProperty("pendingSignals").GetArrayLength().Should().Be(1);
    }
}
