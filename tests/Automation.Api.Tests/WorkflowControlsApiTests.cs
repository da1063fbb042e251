using System.Net;
using System.Text.Json;

namespace Automation.Api.Tests;

/// <summary>
/// <c>POST /api/v1/workflows/{id}/terminate</c>, <c>/retry</c>, <c>/pause</c>, <c>/resume</c> and <c>?parentId=</c> end
/// to end: the real API on a real silo and PostgreSQL. Every refused request answers a problem naming the field and
/// leaves the workflow as it was.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WorkflowControlsApiTests(ApiFixture fixture)
{
    private const string WaitForGo = """
        { "steps": [
            { "id": "w", "type": "wait", "with": { "signal": "go" } },
            { "id": "after", "type": "transform", "dependsOn": ["w"], "with": { "value": "done" } } ] }
        """;

    // Step b reads input.name: without it the template fails and so does the workflow; a is completed by then.
    private const string NeedsName = """
        { "input": { "type": "object", "properties": { "name": { "type": "string" } } },
          "steps": [
            { "id": "a", "type": "transform", "with": { "value": { "first": 1 } } },
            { "id": "b", "type": "transform", "dependsOn": ["a"], "with": { "value": "Hi {{ input.name }}" } } ],
          "output": { "greeting": "{{ steps.b.output }}" } }
        """;

    [Fact]
    public async Task Terminate_WaitingWorkflow_TerminatesThenConflictsThen404ForUnknown()
    {
        var id = await StartAsync(await DefineAsync(WaitForGo));

        var typo = await fixture.PostAsync($"/api/v1/workflows/{id}/terminate", """{ "reson": "typo" }""");
        var typoProblem = await ApiFixture.ReadAsync(typo);
        var afterTypo = await GetAsync(id);
        var terminate = await fixture.PostAsync($"/api/v1/workflows/{id}/terminate", """{ "reason": "stuck deploy" }""");
        var body = await ApiFixture.ReadAsync(terminate);
        var again = await fixture.PostAsync($"/api/v1/workflows/{id}/terminate", "");
        var unknown = await fixture.PostAsync("/api/v1/workflows/does-not-exist/terminate", "");
        var history = await HistoryAsync(id);

        typo.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        typoProblem.GetProperty("errors").GetProperty("$.reson")[0].GetString().Should().Contain("Unknown property 'reson'");
        afterTypo.GetProperty("status").GetString().Should().Be("Running");
        terminate.StatusCode.Should().Be(HttpStatusCode.OK, body.GetRawText());
        body.GetProperty("status").GetString().Should().Be("Terminated");
        body.GetProperty("error").GetProperty("message").GetString().Should().Be("stuck deploy");
        body.GetProperty("steps")[0].GetProperty("status").GetString().Should().Be("Cancelled");
        body.GetProperty("parent").ValueKind.Should().Be(JsonValueKind.Null);
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await again.Content.ReadAsStringAsync()).Should().Contain("Terminated");
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        history.Should().ContainSingle(e => e.GetProperty("type").GetString() == "WorkflowTerminated")
            .Which.GetProperty("reason").GetString().Should().Be("stuck deploy");
    }

    [Fact]
    public async Task PauseThenResume_WaitingWorkflow_PausesResumesAndCompletes()
    {
        var id = await StartAsync(await DefineAsync(WaitForGo));

        var pause = await fixture.PostAsync($"/api/v1/workflows/{id}/pause", """{ "reason": "maintenance" }""");
        var paused = await ApiFixture.ReadAsync(pause);
        var pauseAgain = await fixture.PostAsync($"/api/v1/workflows/{id}/pause", "{}");
        var resumeBadBody = await fixture.PostAsync($"/api/v1/workflows/{id}/resume", """{ "reason": "x" }""");
        var stillPaused = await GetAsync(id);
        var resume = await fixture.PostAsync($"/api/v1/workflows/{id}/resume", "{}");
        var resumed = await ApiFixture.ReadAsync(resume);
        var resumeAgain = await fixture.PostAsync($"/api/v1/workflows/{id}/resume", "");
        (await fixture.PostAsync($"/api/v1/workflows/{id}/signals/go", "{}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));
        var types = (await HistoryAsync(id)).Select(e => e.GetProperty("type").GetString()).ToList();

        pause.StatusCode.Should().Be(HttpStatusCode.OK, paused.GetRawText());
        paused.GetProperty("status").GetString().Should().Be("Paused");
        pauseAgain.StatusCode.Should().Be(HttpStatusCode.Conflict);
        resumeBadBody.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(resumeBadBody)).GetProperty("errors").TryGetProperty("$.reason", out _).Should().BeTrue();
        stillPaused.GetProperty("status").GetString().Should().Be("Paused");
        resume.StatusCode.Should().Be(HttpStatusCode.OK, resumed.GetRawText());
        resumed.GetProperty("status").GetString().Should().Be("Running");
        resumeAgain.StatusCode.Should().Be(HttpStatusCode.Conflict);
        done.GetProperty("status").GetString().Should().Be("Completed", done.GetRawText());
        types.Should().ContainInOrder("WorkflowPaused", "WorkflowResumed", "WorkflowCompleted");
    }

    [Fact]
    public async Task Pause_CompletedWorkflow_Returns409AndChangesNothing()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var id = await StartAsync(name);
        (await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"))).GetProperty("status").GetString().Should().Be("Completed");
        var eventsBefore = (await HistoryAsync(id)).Count;

        var pause = await fixture.PostAsync($"/api/v1/workflows/{id}/pause", "");
        var problem = await ApiFixture.ReadAsync(pause);
        var after = await GetAsync(id);

        pause.StatusCode.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("Completed");
        after.GetProperty("status").GetString().Should().Be("Completed");
        (await HistoryAsync(id)).Should().HaveCount(eventsBefore);
    }

    [Fact]
    public async Task Retry_FailedWorkflowWithInputPatch_KeepsCompletedStepAndCompletes()
    {
        var id = await StartAsync(await DefineAsync(NeedsName));
        var failed = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));
        failed.GetProperty("status").GetString().Should().Be("Failed", failed.GetRawText());
        var a = failed.GetProperty("steps")[0];

        var retry = await fixture.PostAsync($"/api/v1/workflows/{id}/retry", """{ "inputPatch": { "name": "Ada" }, "reason": "name fixed" }""");
        var retried = await ApiFixture.ReadAsync(retry);
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));
        var event_ = (await HistoryAsync(id)).Single(e => e.GetProperty("type").GetString() == "WorkflowRetried");

        retry.StatusCode.Should().Be(HttpStatusCode.OK, retried.GetRawText());
        done.GetProperty("status").GetString().Should().Be("Completed", done.GetRawText());
        done.GetProperty("input").GetRawText().Should().Be("""{"name":"Ada"}""");
        done.GetProperty("output").GetProperty("greeting").GetString().Should().Be("Hi Ada");
        var kept = done.GetProperty("steps")[0];
        kept.GetProperty("output").GetRawText().Should().Be(a.GetProperty("output").GetRawText());
        kept.GetProperty("attempts").GetInt32().Should().Be(a.GetProperty("attempts").GetInt32());
        kept.GetProperty("completedAt").GetString().Should().Be(a.GetProperty("completedAt").GetString());
        event_.GetProperty("steps").EnumerateArray().Select(s => s.GetString()).Should().Equal("b");
        event_.GetProperty("inputPatched").GetBoolean().Should().BeTrue();
        event_.GetProperty("reason").GetString().Should().Be("name fixed");
        event_.GetProperty("by").GetString().Should().Be(ApiFixture.AdminUser);
    }

    [Fact]
    public async Task Retry_RunningWorkflow_Returns409AndChangesNothing()
    {
        var id = await StartAsync(await DefineAsync(WaitForGo));
        var eventsBefore = (await HistoryAsync(id)).Count;

        var retry = await fixture.PostAsync($"/api/v1/workflows/{id}/retry", """{ "reason": "impatient" }""");
        var problem = await ApiFixture.ReadAsync(retry);
        var after = await GetAsync(id);

        retry.StatusCode.Should().Be(HttpStatusCode.Conflict);
        problem.GetProperty("detail").GetString().Should().Contain("Running");
        after.GetProperty("status").GetString().Should().Be("Running");
        (await HistoryAsync(id)).Should().HaveCount(eventsBefore);
    }

    [Fact]
    public async Task Retry_PatchViolatingInputSchema_Returns400NamingThePathAndChangesNothing()
    {
        var id = await StartAsync(await DefineAsync(NeedsName));
        (await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"))).GetProperty("status").GetString().Should().Be("Failed");
        var eventsBefore = (await HistoryAsync(id)).Count;

        var retry = await fixture.PostAsync($"/api/v1/workflows/{id}/retry", """{ "inputPatch": { "name": 5 } }""");
        var problem = await ApiFixture.ReadAsync(retry);
        var after = await GetAsync(id);

        retry.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal("$.input.name");
        problem.GetProperty("errors").GetProperty("$.input.name")[0].GetString().Should().Be("Value is \"integer\" but should be \"string\" (type).");
        after.GetProperty("status").GetString().Should().Be("Failed");
        after.GetProperty("input").GetRawText().Should().Be("{}");
        (await HistoryAsync(id)).Should().HaveCount(eventsBefore);
    }

    [Theory]
    [InlineData("terminate", "[1]", "$")]
    [InlineData("terminate", """{ "reason": 5 }""", "$.reason")]
    [InlineData("pause", """{ "reason": true }""", "$.reason")]
    [InlineData("pause", """{ "why": "x" }""", "$.why")]
    [InlineData("retry", """{ "input": {} }""", "$.input")]
    [InlineData("retry", """{ "reason": [] }""", "$.reason")]
    [InlineData("resume", "\"now\"", "$")]
    [InlineData("terminate", "{ \"reason\": ", "$")]
    public async Task Control_BadBody_Returns400NamingTheFieldAndChangesNothing(string action, string body, string field)
    {
        var id = await StartAsync(await DefineAsync(WaitForGo));

        var response = await fixture.PostAsync($"/api/v1/workflows/{id}/{action}", body);
        var problem = await ApiFixture.ReadAsync(response);
        var after = await GetAsync(id);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue(problem.GetRawText());
        messages[0].GetString().Should().NotBeNullOrWhiteSpace();
        after.GetProperty("status").GetString().Should().Be("Running");
    }

    [Theory]
    [InlineData("terminate")]
    [InlineData("retry")]
    [InlineData("pause")]
    [InlineData("resume")]
    public async Task Control_MalformedOrUnknownId_Returns400Or404(string action)
    {
        var malformed = await fixture.PostAsync($"/api/v1/workflows/has%20space/{action}", "");
        var unknown = await fixture.PostAsync($"/api/v1/workflows/no-such-{Guid.NewGuid():N}/{action}", "");

        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(malformed)).GetProperty("errors").TryGetProperty("workflowId", out _).Should().BeTrue();
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_ByParentId_ListsNothingForATopLevelWorkflowAndRejectsAMalformedId()
    {
        var id = await StartAsync(await DefineAsync(WaitForGo));

        var children = await fixture.Http.GetAsync($"/api/v1/workflows?parentId={id}");
        var malformed = await fixture.Http.GetAsync("/api/v1/workflows?parentId=has%20space");
        var problem = await ApiFixture.ReadAsync(malformed);

        children.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(children)).GetProperty("items").GetArrayLength().Should().Be(0);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("parentId")[0].GetString().Should().Contain("Not a valid workflow id");
    }

    private async Task<string> DefineAsync(string json)
    {
        var name = "ctl-" + Guid.NewGuid().ToString("N");
        var response = await fixture.PutDefinitionAsync(name, json);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }

    private async Task<string> StartAsync(string definition)
    {
        var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}" }""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiFixture.ReadAsync(response)).GetProperty("workflowId").GetString()!;
    }

    private async Task<JsonElement> GetAsync(string id) =>
        await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}"));

    private async Task<List<JsonElement>> HistoryAsync(string id) =>
        [.. (await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history"))).GetProperty("events").EnumerateArray()];
}
