using System.Net;
using System.Text.Json;

namespace Automation.Api.Tests;

/// <summary><c>/api/v1/workflows</c> end to end: start, long-poll, list, history, cancel, and bad input.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class WorkflowsApiTests(ApiFixture fixture)
{
    private async Task<string> DefineAsync(string json)
    {
        var name = "wf-" + Guid.NewGuid().ToString("N");
        var response = await fixture.PutDefinitionAsync(name, json);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }

    [Fact]
    public async Task Start_ThenWait_ReturnsCompletedWorkflowWithAllThreeStepTypes()
    {
        var name = await DefineAsync($$$"""
        { "steps": [
            { "id": "greet", "type": "transform", "with": { "value": { "msg": "Hi {{ input.name }}" } } },
            { "id": "nap", "type": "delay", "dependsOn": ["greet"], "with": { "duration": "200ms" } },
            { "id": "call", "type": "http", "dependsOn": ["nap"], "with": { "method": "POST", "url": "{{{fixture.Target.BaseUrl}}}/echo", "body": "{{ steps.greet.output.msg }}" } } ],
          "output": { "echoed": "{{ steps.call.output.body.body }}" } }
        """);

        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "input": { "name": "Ada" } }""");
        var started = await ApiFixture.ReadAsync(start);
        var id = started.GetProperty("workflowId").GetString();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));

        start.StatusCode.Should().Be(HttpStatusCode.Created);
        start.Headers.Location!.ToString().Should().Be($"/api/v1/workflows/{id}");
        started.GetProperty("status").GetString().Should().Be("Running");
        done.GetProperty("status").GetString().Should().Be("Completed");
        done.GetProperty("definition").GetString().Should().Be(name);
        done.GetProperty("version").GetInt32().Should().Be(1);
        done.GetProperty("output").GetProperty("echoed").GetString().Should().Be("Hi Ada");
        done.GetProperty("steps").EnumerateArray().Select(s => s.GetProperty("status").GetString()).Should().Equal("Completed", "Completed", "Completed");
        done.GetProperty("completedAt").ValueKind.Should().Be(JsonValueKind.String);
    }

    [Fact]
    public async Task Start_WithWait_AnswersOnceFinishedWithTheWorkflowAndItsOutput()
    {
        var name = await DefineAsync($$$"""
        { "steps": [
            { "id": "nap", "type": "delay", "with": { "duration": "200ms" } },
            { "id": "call", "type": "http", "dependsOn": ["nap"], "with": { "method": "POST", "url": "{{{fixture.Target.BaseUrl}}}/echo", "body": "{{ input.name }}" } } ],
          "output": { "echoed": "{{ steps.call.output.body.body }}" } }
        """);

        var start = await fixture.PostAsync("/api/v1/workflows?wait=30s", $$"""{ "definition": "{{name}}", "input": { "name": "Ada" } }""");
        var answer = await ApiFixture.ReadAsync(start);
        var id = answer.GetProperty("workflowId").GetString();
        var again = await fixture.PostAsync("/api/v1/workflows?wait=30s", $$"""{ "definition": "{{name}}", "workflowId": "{{id}}" }""");

        start.StatusCode.Should().Be(HttpStatusCode.Created, answer.GetRawText());
        start.Headers.Location!.ToString().Should().Be($"/api/v1/workflows/{id}");
        answer.GetProperty("status").GetString().Should().Be("Completed");
        var workflow = answer.GetProperty("workflow");
        workflow.GetProperty("workflowId").GetString().Should().Be(id);
        workflow.GetProperty("status").GetString().Should().Be("Completed");
        workflow.GetProperty("output").GetProperty("echoed").GetString().Should().Be("Ada");
        again.StatusCode.Should().Be(HttpStatusCode.OK, "a start of the same workflow answers the existing one, finished");
        (await ApiFixture.ReadAsync(again)).GetProperty("workflow").GetProperty("output").GetProperty("echoed").GetString().Should().Be("Ada");
    }

    [Fact]
    public async Task Start_WithAWaitShorterThanTheWorkflow_AnswersItRunning_AndWithoutWaitHasNoWorkflow()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "1m" } } ] }""");

        var waited = await fixture.PostAsync("/api/v1/workflows?wait=1s", $$"""{ "definition": "{{name}}" }""");
        var plain = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");
        var waitedAnswer = await ApiFixture.ReadAsync(waited);
        var plainAnswer = await ApiFixture.ReadAsync(plain);

        waited.StatusCode.Should().Be(HttpStatusCode.Created);
        waitedAnswer.GetProperty("status").GetString().Should().Be("Running");
        waitedAnswer.GetProperty("workflow").GetProperty("steps")[0].GetProperty("status").GetString().Should().Be("Waiting");
        plain.StatusCode.Should().Be(HttpStatusCode.Created);
        plainAnswer.TryGetProperty("workflow", out _).Should().BeFalse("only ?wait= answers with the workflow");
        foreach (var answer in new[] { waitedAnswer, plainAnswer })
        {
            (await fixture.Http.PostAsync($"/api/v1/workflows/{answer.GetProperty("workflowId").GetString()}/cancel", null)).StatusCode.Should().Be(HttpStatusCode.OK);
        }
    }

    [Theory]
    [InlineData("forever")]
    [InlineData("1h")]
    [InlineData("-5s")]
    public async Task Start_WithABadWait_Returns400NamingItAndStartsNothing(string wait)
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var id = "bad-wait-" + Guid.NewGuid().ToString("N");

        var response = await fixture.PostAsync($"/api/v1/workflows?wait={wait}", $$"""{ "definition": "{{name}}", "workflowId": "{{id}}" }""");
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty("wait", out _).Should().BeTrue(problem.GetRawText());
        (await fixture.Http.GetAsync($"/api/v1/workflows/{id}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Start_SameWorkflowIdAgain_Returns200WithExistingAnd409ForOtherDefinition()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var other = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 2 } } ] }""");
        var id = "order-" + Guid.NewGuid().ToString("N");

        var first = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "workflowId": "{{id}}" }""");
        var again = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "workflowId": "{{id}}" }""");
        var clash = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{other}}", "workflowId": "{{id}}" }""");

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        again.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(again)).GetProperty("workflowId").GetString().Should().Be(id);
        clash.StatusCode.Should().Be(HttpStatusCode.Conflict);
    }

    [Fact]
    public async Task List_FiltersAndPagesNewestFirstWithStableCursor()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var r = await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }"""));
            ids.Add(r.GetProperty("workflowId").GetString()!);
        }

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/workflows?definition={name}&status=completed&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await ApiFixture.ReadAsync(await fixture.Http.GetAsync(url));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("workflowId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        seen.Should().BeEquivalentTo(ids).And.OnlyHaveUniqueItems();
        seen.Should().Equal(Enumerable.Reverse(ids), "newest first (ids are time-ordered here because each start completed before the next)");
        pages.Should().Be(3);
    }

    [Fact]
    public async Task Start_WithTags_ReturnsThemOnGetAndInListItems()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");

        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "tags": ["team:payments", "priority-high"] }""");
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s"));
        var list = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows?definition={name}"));

        start.StatusCode.Should().Be(HttpStatusCode.Created);
        done.GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("team:payments", "priority-high");
        list.GetProperty("items")[0].GetProperty("tags").EnumerateArray().Select(t => t.GetString()).Should().Equal("team:payments", "priority-high");
    }

    [Fact]
    public async Task List_ByTags_ReturnsOnlyWorkflowsWithEveryTag()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var team = "team:" + Guid.NewGuid().ToString("N");
        var both = await StartTaggedAsync(name, team, "urgent");
        var teamOnly = await StartTaggedAsync(name, team);
        await StartTaggedAsync(name, "urgent");

        var byTeam = await ListIdsAsync($"/api/v1/workflows?tag={team}");
        var byBoth = await ListIdsAsync($"/api/v1/workflows?tag={team}&tag=urgent");

        byTeam.Should().BeEquivalentTo([both, teamOnly]);
        byBoth.Should().Equal(both);
    }

    [Fact]
    public async Task List_ByIdPrefix_PagesThroughOnlyMatchingIds()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var prefix = "order-" + Guid.NewGuid().ToString("N")[..12] + "-";
        var ids = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            ids.Add(prefix + i);
            (await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "workflowId": "{{prefix}}{{i}}" }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "workflowId": "x{{prefix}}" }""");

        var seen = new List<string>();
        string? cursor = null;
        var pages = 0;
        do
        {
            var url = $"/api/v1/workflows?idPrefix={prefix}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}");
            var page = await ApiFixture.ReadAsync(await fixture.Http.GetAsync(url));
            seen.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("workflowId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null && pages < 10);

        seen.Should().BeEquivalentTo(ids).And.OnlyHaveUniqueItems();
        pages.Should().Be(2);
    }

    private async Task<string> StartTaggedAsync(string name, params string[] tags)
    {
        var response = await fixture.PostAsync("/api/v1/workflows", JsonSerializer.Serialize(new { definition = name, tags }));
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return (await ApiFixture.ReadAsync(response)).GetProperty("workflowId").GetString()!;
    }

    private async Task<List<string>> ListIdsAsync(string url)
    {
        var page = await ApiFixture.ReadAsync(await fixture.Http.GetAsync(url));
        return [.. page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("workflowId").GetString()!)];
    }

    [Fact]
    public async Task History_ReturnsOrderedTypedEvents()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var id = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""")))
            .GetProperty("workflowId").GetString();

        var history = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history"));

        history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should()
            .Equal("WorkflowStarted", "StepScheduled", "StepStarted", "StepCompleted", "WorkflowCompleted");
        history.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).Should().Equal(1, 2, 3, 4, 5);
        history.GetProperty("nextAfter").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
    }

    [Fact]
    public async Task History_WithAfterAndLimit_PagesThroughTheEvents()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var id = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""")))
            .GetProperty("workflowId").GetString();

        var first = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history?limit=2"));
        var second = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history?after={first.GetProperty("nextAfter").GetInt64()}&limit=2"));
        var last = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history?after=4"));
        var bad = await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history?after=-1&limit=0");

        first.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).Should().Equal(1, 2);
        second.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("sequence").GetInt64()).Should().Equal(3, 4);
        second.GetProperty("nextAfter").GetInt64().Should().Be(4);
        last.GetProperty("events").EnumerateArray().Select(e => e.GetProperty("type").GetString()).Should().Equal("WorkflowCompleted");
        last.GetProperty("nextAfter").ValueKind.Should().Be(System.Text.Json.JsonValueKind.Null);
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = (await ApiFixture.ReadAsync(bad)).GetProperty("errors");
        errors.TryGetProperty("after", out _).Should().BeTrue();
        errors.TryGetProperty("limit", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Cancel_RunningWorkflow_CancelsThenConflictsThen404ForUnknown()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "delay", "with": { "duration": "1h" } } ] }""");
        var id = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""")))
            .GetProperty("workflowId").GetString();

        var typo = await fixture.PostAsync($"/api/v1/workflows/{id}/cancel", """{ "reson": "typo" }""");
        var cancel = await fixture.PostAsync($"/api/v1/workflows/{id}/cancel", """{ "reason": "customer asked" }""");
        var body = await ApiFixture.ReadAsync(cancel);
        var again = await fixture.PostAsync($"/api/v1/workflows/{id}/cancel", "");
        var unknown = await fixture.PostAsync("/api/v1/workflows/does-not-exist/cancel", "");

        typo.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        body.GetProperty("status").GetString().Should().Be("Cancelled");
        body.GetProperty("error").GetProperty("message").GetString().Should().Be("customer asked");
        body.GetProperty("steps")[0].GetProperty("status").GetString().Should().Be("Cancelled");
        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("{ \"definition\": ", "$")]
    [InlineData("[1,2]", "$")]
    [InlineData("{ \"definition\": 5 }", "$.definition")]
    [InlineData("{ }", "$.definition")]
    [InlineData("{ \"definition\": \"x\", \"version\": \"three\" }", "$.version")]
    [InlineData("{ \"definition\": \"x\", \"version\": 0 }", "$.version")]
    [InlineData("{ \"definition\": \"x\", \"workflowId\": \"has space\" }", "$.workflowId")]
    [InlineData("{ \"definition\": \"x\", \"colour\": \"red\" }", "$.colour")]
    [InlineData("{ \"definition\": \"never-registered\" }", "$.definition")]
    [InlineData("{ \"definition\": \"x\", \"version\": \"1\" }", "$.version")]
    [InlineData("{ \"definition\": \"x\", \"workflowId\": \" \" }", "$.workflowId")]
    [InlineData("{ \"definition\": \"x\", \"workflowId\": \"a\\n\" }", "$.workflowId")]
    [InlineData("{ \"definition\": \"x\", \"workflowId\": \"a\\u0000b\" }", "$.workflowId")]
    [InlineData("{ \"definition\": \"x\", \"workflowId\": \"batch\" }", "$.workflowId")]
    [InlineData("{ \"definition\": \"a b\" }", "$.definition")]
    [InlineData("{ \"definition\": \"x\", \"tags\": \"team:payments\" }", "$.tags")]
    [InlineData("{ \"definition\": \"x\", \"tags\": [\"ok\", \"has space\"] }", "$.tags[1]")]
    [InlineData("{ \"definition\": \"x\", \"tags\": [\"\"] }", "$.tags[0]")]
    [InlineData("{ \"definition\": \"x\", \"tags\": [7] }", "$.tags[0]")]
    [InlineData("{ \"definition\": \"x\", \"tags\": [\"a\", \"a\"] }", "$.tags[1]")]
    [InlineData("{ \"definition\": \"x\", \"tags\": [\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"] }", "$.tags[0]")]
    [InlineData("{ \"definition\": \"x\", \"tags\": [\"1\",\"2\",\"3\",\"4\",\"5\",\"6\",\"7\",\"8\",\"9\",\"10\",\"11\",\"12\",\"13\",\"14\",\"15\",\"16\",\"17\",\"18\",\"19\",\"20\",\"21\"] }", "$.tags")]
    [InlineData("{ \"definition\": \"x\\n\" }", "$.definition")]
    [InlineData("{ \"definition\": \"x\", \"input\": { \"list\": [1, \"a\\ud800\"] } }", "$.input.list[1]")] // found by scripts/api-fuzz.sh: was a 500
    public async Task Start_BadInput_Returns400NamingTheField(string body, string field)
    {
        var response = await fixture.PostAsync("/api/v1/workflows", body);
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("status").GetInt32().Should().Be(400);
        problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue(problem.GetRawText());
        messages[0].GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task Start_UnknownVersion_Returns400AndCreatesNothing()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var id = "nothing-" + Guid.NewGuid().ToString("N");

        var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "version": 7, "workflowId": "{{id}}" }""");
        var get = await fixture.Http.GetAsync($"/api/v1/workflows/{id}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(response)).GetProperty("errors").TryGetProperty("$.version", out _).Should().BeTrue();
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Start_OversizeBody_Returns413()
    {
        var big = new string('x', ApiFixture.MaxBodyBytes + 10);

        var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "x", "input": { "blob": "{{big}}" } }""");

        response.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        (await ApiFixture.ReadAsync(response)).GetProperty("detail").GetString().Should().Contain("MaxRequestBodyBytes");
    }

    [Fact]
    public async Task Start_WrongContentType_Returns415()
    {
        var response = await fixture.Http.PostAsync("/api/v1/workflows", new StringContent("definition=x", System.Text.Encoding.UTF8, "text/plain"));

        response.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Theory]
    [InlineData("/api/v1/workflows/some-id?wait=forever", "wait")]
    [InlineData("/api/v1/workflows/some-id?wait=1h", "wait")]
    [InlineData("/api/v1/workflows?status=sleeping", "status")]
    [InlineData("/api/v1/workflows?limit=0", "limit")]
    [InlineData("/api/v1/workflows?limit=abc", "limit")]
    [InlineData("/api/v1/workflows?limit=1.5", "limit")]
    [InlineData("/api/v1/workflows?to=soon", "to")]
    [InlineData("/api/v1/workflows?from=yesterday", "from")]
    [InlineData("/api/v1/workflows?cursor=not-a-cursor", "cursor")]
    [InlineData("/api/v1/workflows?startedBy=a%00b", "startedBy")] // found by scripts/api-fuzz.sh: was a 503 "database unavailable"
    [InlineData("/api/v1/workflows?definition=%00", "definition")]
    [InlineData("/api/v1/workflows?tag=has%20space", "tag")]
    [InlineData("/api/v1/workflows?tag=", "tag")]
    [InlineData("/api/v1/workflows?idPrefix=a%25", "idPrefix")]
    [InlineData("/api/v1/workflows?idPrefix=", "idPrefix")]
    public async Task Get_BadQuery_Returns400NamingTheParameter(string url, string parameter)
    {
        var response = await fixture.Http.GetAsync(url);
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").TryGetProperty(parameter, out _).Should().BeTrue(problem.GetRawText());
    }

    [Fact]
    public async Task Get_UnknownWorkflow_Returns404Problem()
    {
        var response = await fixture.Http.GetAsync("/api/v1/workflows/never-started?wait=1s");
        var history = await fixture.Http.GetAsync("/api/v1/workflows/never-started/history");

        response.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ApiFixture.ReadAsync(response)).GetProperty("detail").GetString().Should().Contain("never-started");
        history.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("%20")]
    [InlineData("%09")]
    [InlineData("a%0A")]
    [InlineData("-leading")]
    [InlineData("%C3%A9")]
    [InlineData("a%2Fb")]
    public async Task RoutesWithWorkflowId_IdThatCannotBeAGrainKey_Return400NamingWorkflowId(string id)
    {
        // Issue 5: "/api/v1/workflows/%20" answered 500 because Orleans refuses a whitespace grain key.
        var get = await fixture.Http.GetAsync($"/api/v1/workflows/{id}");
        var history = await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history");
        var cancel = await fixture.PostAsync($"/api/v1/workflows/{id}/cancel", "");

        foreach (var response in new[] { get, history, cancel })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            var problem = await ApiFixture.ReadAsync(response);
            problem.GetProperty("errors").GetProperty("workflowId")[0].GetString().Should().Contain("not a valid workflow id");
        }
    }

    [Fact]
    public async Task Get_IdLongerThan200Characters_Returns400NamingWorkflowId()
    {
        var id = new string('a', 201);

        var get = await fixture.Http.GetAsync($"/api/v1/workflows/{id}");
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "x", "workflowId": "{{id}}" }""");

        get.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(get)).GetProperty("errors").TryGetProperty("workflowId", out _).Should().BeTrue();
        start.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(start)).GetProperty("errors").TryGetProperty("$.workflowId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Cancel_WithoutAnyBodyOrContentType_CancelsTheWorkflow()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "delay", "with": { "duration": "1h" } } ] }""");
        var id = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""")))
            .GetProperty("workflowId").GetString();

        var cancel = await fixture.Http.PostAsync($"/api/v1/workflows/{id}/cancel", content: null);

        cancel.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(cancel)).GetProperty("error").GetProperty("message").GetString().Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Cancel_OversizeBodyOrWrongContentType_Returns413Or415()
    {
        var big = new string('x', ApiFixture.MaxBodyBytes + 10);

        var tooLarge = await fixture.PostAsync("/api/v1/workflows/some-id/cancel", $$"""{ "reason": "{{big}}" }""");
        var wrongType = await fixture.Http.PostAsync("/api/v1/workflows/some-id/cancel", new StringContent("reason=x", System.Text.Encoding.UTF8, "text/plain"));

        tooLarge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
        wrongType.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Get_CompletedWorkflow_WritesNullOutputsThatTheDocumentAccepts()
    {
        var name = await DefineAsync("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": null } } ] }""");
        var id = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""")))
            .GetProperty("workflowId").GetString();

        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=10s"));

        done.GetProperty("status").GetString().Should().Be("Completed");
        done.GetProperty("steps")[0].GetProperty("output").ValueKind.Should().Be(JsonValueKind.Null, "a null output passed the contract check on its way here");
    }
}
