using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Api.Security;
using Automation.Postgres.Security;
using Automation.Security;
using Npgsql;

namespace Automation.Api.Tests;

/// <summary>
/// <c>POST /api/v1/workflows/batch</c> and <c>GET /api/v1/workflows/batch/{operationId}</c> end to end: the batch grain
/// on a real silo walks the PostgreSQL visibility table and acts on each workflow.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class BatchOperationsApiTests(ApiFixture fixture)
{
    private const string WaitForGo = """{ "steps": [ { "id": "w", "type": "wait", "with": { "signal": "go" } } ] }""";

    [Fact]
    public async Task Batch_CancelByTag_CancelsEveryMatchingWorkflowAndCountsThem()
    {
        var name = await DefineAsync(WaitForGo);
        var tag = "batch-" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 30; i++)
        {
            var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "tags": ["{{tag}}"] }""");
            start.StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var other = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");
        var otherId = (await ApiFixture.ReadAsync(other)).GetProperty("workflowId").GetString();

        var accepted = await fixture.PostAsync("/api/v1/workflows/batch", $$"""{ "filter": { "tag": ["{{tag}}"] }, "action": "cancel", "reason": "release withdrawn" }""");
        var operation = await ApiFixture.ReadAsync(accepted);
        var done = await PollUntilFinishedAsync(accepted.Headers.Location!.ToString());
        var list = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows?tag={tag}&limit=100"));
        var untouched = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{otherId}"));

        accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, operation.GetRawText());
        accepted.Headers.Location!.ToString().Should().Be($"/api/v1/workflows/batch/{operation.GetProperty("operationId").GetString()}");
        operation.GetProperty("action").GetString().Should().Be("cancel");
        operation.GetProperty("createdBy").GetString().Should().Be(ApiFixture.AdminUser);
        operation.GetProperty("filter").GetProperty("tag").EnumerateArray().Select(t => t.GetString()).Should().Equal(tag);
        done.GetProperty("status").GetString().Should().Be("Completed", done.GetRawText());
        done.GetProperty("matched").GetInt64().Should().Be(30);
        done.GetProperty("succeeded").GetInt64().Should().Be(30);
        done.GetProperty("skipped").GetInt64().Should().Be(0);
        done.GetProperty("failed").GetInt64().Should().Be(0);
        done.GetProperty("errors").GetArrayLength().Should().Be(0);
        done.GetProperty("completedAt").ValueKind.Should().Be(JsonValueKind.String);
        var items = list.GetProperty("items").EnumerateArray().ToList();
        items.Should().HaveCount(30).And.OnlyContain(i => i.GetProperty("status").GetString() == "Cancelled");
        untouched.GetProperty("status").GetString().Should().Be("Running");
    }

    [Fact]
    public async Task Batch_SameFilterAgain_SkipsWorkflowsAlreadyInATerminalStatus()
    {
        var name = await DefineAsync(WaitForGo);
        var tag = "batch-" + Guid.NewGuid().ToString("N")[..12];
        for (var i = 0; i < 3; i++)
        {
            (await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "tags": ["{{tag}}"] }""")).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var first = await PollUntilFinishedAsync((await fixture.PostAsync("/api/v1/workflows/batch", $$"""{ "filter": { "tag": ["{{tag}}"] }, "action": "terminate" }""")).Headers.Location!.ToString());
        var second = await PollUntilFinishedAsync((await fixture.PostAsync("/api/v1/workflows/batch", $$"""{ "filter": { "tag": ["{{tag}}"], "definition": "{{name}}" }, "action": "pause" }""")).Headers.Location!.ToString());

        first.GetProperty("succeeded").GetInt64().Should().Be(3, first.GetRawText());
        second.GetProperty("matched").GetInt64().Should().Be(3);
        second.GetProperty("skipped").GetInt64().Should().Be(3, second.GetRawText());
        second.GetProperty("succeeded").GetInt64().Should().Be(0);
    }

    [Fact]
    public async Task Batch_TerminateThenRetry_ThenPauseAndResume_ActOnEveryMatchingWorkflow()
    {
        var name = await DefineAsync(WaitForGo);
        var tag = "batch-" + Guid.NewGuid().ToString("N")[..12];
        var ids = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "tags": ["{{tag}}"] }""");
            ids.Add((await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString()!);
        }

        async Task<JsonElement> RunAsync(string action, string? status = null)
        {
            var filter = status is null ? $$"""{ "tag": ["{{tag}}"] }""" : $$"""{ "tag": ["{{tag}}"], "status": "{{status}}" }""";
            var accepted = await fixture.PostAsync("/api/v1/workflows/batch", $$"""{ "filter": {{filter}}, "action": "{{action}}" }""");
            accepted.StatusCode.Should().Be(HttpStatusCode.Accepted, await accepted.Content.ReadAsStringAsync());
            return await PollUntilFinishedAsync(accepted.Headers.Location!.ToString());
        }

        async Task<List<string?>> StatusesAsync() =>
            [.. (await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows?tag={tag}&limit=100")))
                .GetProperty("items").EnumerateArray().Select(i => i.GetProperty("status").GetString())];

        (await RunAsync("terminate")).GetProperty("succeeded").GetInt64().Should().Be(5);
        (await StatusesAsync()).Should().HaveCount(5).And.OnlyContain(s => s == "Terminated");

        var retried = await RunAsync("retry", "Terminated");
        retried.GetProperty("succeeded").GetInt64().Should().Be(5, retried.GetRawText());
        (await StatusesAsync()).Should().OnlyContain(s => s == "Running");
        var one = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{ids[0]}"));
        one.GetProperty("steps")[0].GetProperty("status").GetString().Should().Be("Waiting", "the retried wait step waits again");

        (await RunAsync("pause")).GetProperty("succeeded").GetInt64().Should().Be(5);
        (await StatusesAsync()).Should().OnlyContain(s => s == "Paused");
        (await RunAsync("resume")).GetProperty("succeeded").GetInt64().Should().Be(5);
        (await StatusesAsync()).Should().OnlyContain(s => s == "Running");

        // Resumed workflows work: the signal completes one.
        (await fixture.PostAsync($"/api/v1/workflows/{ids[0]}/signals/go", "{}")).IsSuccessStatusCode.Should().BeTrue();
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{ids[0]}?wait=10s"));
        done.GetProperty("status").GetString().Should().Be("Completed", done.GetRawText());
    }

    [Theory]
    [InlineData("""{ "filter": {}, "action": "cancel" }""", "$.filter")]
    [InlineData("""{ "action": "cancel" }""", "$")]
    [InlineData("""{ "filter": { "tag": ["x"] }, "action": "delete" }""", "$.action")]
    [InlineData("""{ "filter": { "tag": ["x"] }, "action": "1" }""", "$.action")]
    [InlineData("""{ "filter": { "tag": ["x"] } }""", "$")]
    [InlineData("""{ "filter": { "status": "Sleeping" }, "action": "cancel" }""", "$.filter.status")]
    [InlineData("""{ "filter": { "from": "yesterday" }, "action": "cancel" }""", "$.filter.from")]
    [InlineData("""{ "filter": { "tag": ["has space"] }, "action": "cancel" }""", "$.filter.tag[0]")]
    [InlineData("""{ "filter": { "idPrefix": "-x" }, "action": "cancel" }""", "$.filter.idPrefix")]
    [InlineData("""{ "filter": { "parentId": "a b" }, "action": "cancel" }""", "$.filter.parentId")]
    [InlineData("""{ "filter": { "definition": "no/slash" }, "action": "cancel" }""", "$.filter.definition")]
    [InlineData("""{ "filter": { "colour": "red" }, "action": "cancel" }""", "$.filter.colour")]
    [InlineData("""{ "filter": { "tag": ["x"] }, "action": "cancel", "everything": true }""", "$.everything")]
    [InlineData("[1]", "$")]
    public async Task Batch_BadRequest_Returns400NamingTheFieldAndStartsNothing(string body, string field)
    {
        var response = await fixture.PostAsync("/api/v1/workflows/batch", body);
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        response.Headers.Location.Should().BeNull();
        problem.GetProperty("errors").TryGetProperty(field, out var messages).Should().BeTrue(problem.GetRawText());
        messages[0].GetString().Should().NotBeNullOrWhiteSpace();
    }

    [Fact]
    public async Task GetBatch_UnknownOrMalformedId_Returns404Or400()
    {
        var unknown = await fixture.Http.GetAsync($"/api/v1/workflows/batch/{Guid.NewGuid()}");
        var malformed = await fixture.Http.GetAsync("/api/v1/workflows/batch/not-a-uuid");

        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(malformed)).GetProperty("errors").TryGetProperty("operationId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Batch_CallerWithoutCancelPermission_Returns403AndChangesNothing()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var name = "deploy-" + suffix;
        (await fixture.PutDefinitionAsync(name, WaitForGo)).StatusCode.Should().Be(HttpStatusCode.Created);
        var tag = "batch-" + suffix;
        var id = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "tags": ["{{tag}}"] }"""))).GetProperty("workflowId").GetString();
        using var reader = await CreateUserAsync("batch-reader-" + suffix, ["workflows:read", "workflows:retry"]);

        var refused = await reader.PostAsJsonAsync("/api/v1/workflows/batch", new { filter = new { tag = new[] { tag } }, action = "cancel" });
        var terminate = await reader.PostAsJsonAsync($"/api/v1/workflows/{id}/terminate", new { });
        var after = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{id}"));

        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await refused.Content.ReadAsStringAsync()).Should().Contain(Permissions.WorkflowsCancel);
        terminate.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        after.GetProperty("status").GetString().Should().Be("Running");
    }

    [Fact]
    public async Task Controls_PermissionNarrowedToDefinitions_AllowOnlyMatchingWorkflows()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var allowed = "deploy-" + suffix;
        var other = "build-" + suffix;
        (await fixture.PutDefinitionAsync(allowed, WaitForGo)).StatusCode.Should().Be(HttpStatusCode.Created);
        (await fixture.PutDefinitionAsync(other, WaitForGo)).StatusCode.Should().Be(HttpStatusCode.Created);
        var mine = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{allowed}}" }"""))).GetProperty("workflowId").GetString();
        var theirs = (await ApiFixture.ReadAsync(await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{other}}" }"""))).GetProperty("workflowId").GetString();
        using var operator_ = await CreateUserAsync("operator-" + suffix, ["workflows:cancel:deploy-*", "workflows:retry:deploy-*", "workflows:read:deploy-*"]);

        var pauseTheirs = await operator_.PostAsJsonAsync($"/api/v1/workflows/{theirs}/pause", new { });
        var pauseMine = await operator_.PostAsJsonAsync($"/api/v1/workflows/{mine}/pause", new { });
        var resumeMine = await operator_.PostAsJsonAsync($"/api/v1/workflows/{mine}/resume", new { });
        var batchAll = await operator_.PostAsJsonAsync("/api/v1/workflows/batch", new { filter = new { idPrefix = "x" }, action = "terminate" });
        var batchOther = await operator_.PostAsJsonAsync("/api/v1/workflows/batch", new { filter = new { definition = other }, action = "terminate" });
        var batchMine = await operator_.PostAsJsonAsync("/api/v1/workflows/batch", new { filter = new { definition = allowed }, action = "terminate" });
        var done = await PollUntilFinishedAsync(batchMine.Headers.Location!.ToString(), operator_);
        var theirsAfter = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{theirs}"));

        pauseTheirs.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await pauseTheirs.Content.ReadAsStringAsync()).Should().Contain(other);
        pauseMine.StatusCode.Should().Be(HttpStatusCode.OK);
        resumeMine.StatusCode.Should().Be(HttpStatusCode.OK);
        batchAll.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await batchAll.Content.ReadAsStringAsync()).Should().Contain("covers only some definitions");
        batchOther.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        batchMine.StatusCode.Should().Be(HttpStatusCode.Accepted);
        done.GetProperty("succeeded").GetInt64().Should().Be(1, done.GetRawText());
        theirsAfter.GetProperty("status").GetString().Should().Be("Running");
    }

    /// <summary>Reads the operation until it leaves Running, with a hang guard (the walk of a few pages takes well under a second).</summary>
    private async Task<JsonElement> PollUntilFinishedAsync(string location, HttpClient? client = null)
    {
        client ??= fixture.Http;
        var guard = DateTime.UtcNow.AddMinutes(2);
        while (true)
        {
            var response = await client.GetAsync(location);
            var operation = await ApiFixture.ReadAsync(response);
            response.StatusCode.Should().Be(HttpStatusCode.OK, operation.GetRawText());
            if (operation.GetProperty("status").GetString() != "Running")
            {
                return operation;
            }

            DateTime.UtcNow.Should().BeBefore(guard, "the operation must finish: " + operation.GetRawText());
            await Task.Delay(50);
        }
    }

    private async Task<string> DefineAsync(string json)
    {
        var name = "batch-" + Guid.NewGuid().ToString("N");
        var response = await fixture.PutDefinitionAsync(name, json);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return name;
    }

    /// <summary>A user with one role holding <paramref name="permissions"/>, signed in, once the API sees the role.</summary>
    private async Task<HttpClient> CreateUserAsync(string username, string[] permissions)
    {
        await using (var source = NpgsqlDataSource.Create(fixture.ConnectionString))
        {
            var now = DateTimeOffset.UtcNow;
            await new PostgresRoleStore(source).UpsertAsync(new StoredRole(username, permissions, false, now, now));
            await new PostgresUserStore(source).CreateAsync(
                new UserAccount(username, UserSignIn.HashPassword("operator-Passw0rd-x"), [username], false, 0, null, null, false, 0, [], now, now));
        }

        var client = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, "operator-Passw0rd-x"));
        var guard = DateTime.UtcNow.AddSeconds(15);
        while ((await ApiFixture.ReadAsync(await client.GetAsync("/api/v1/auth/me"))).GetProperty("permissions").GetArrayLength() == 0 && DateTime.UtcNow < guard)
        {
            await Task.Delay(100); // a role written behind the API's back is seen once its role cache is read again
        }

        return client;
    }
}
