using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Api.Tests.Security;

namespace Automation.Api.Tests;

/// <summary>
/// <c>/api/v1/services</c> end to end on a real silo and PostgreSQL, probing the fixture's local HTTP server (issue
/// 11): registration 201/200, list with counts and roll-ups, graph, health history, maintenance, delete, every bad
/// input as a 400 naming the field with nothing registered, 404, 409 and 403.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ServicesApiTests(ApiFixture fixture)
{
    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private string Ok200 => fixture.Target.BaseUrl + "/status/200";

    private Task<HttpResponseMessage> PutAsync(string name, string json, HttpClient? client = null) =>
        (client ?? fixture.Http).PutAsync($"/api/v1/services/{name}", new StringContent(json, Encoding.UTF8, "application/json"));

    private async Task<JsonElement> GetAsync(string path) => await ApiFixture.ReadAsync(await fixture.Http.GetAsync(path));

    private string Body(string owner = "team-a", string tags = """["tier-1"]""", string dependsOn = "[]") =>
        $$"""{ "description": "d", "owner": "{{owner}}", "tags": {{tags}}, "dependsOn": {{dependsOn}}, "probe": { "type": "http", "url": "{{Ok200}}", "interval": "1s", "timeout": "500ms", "expectStatus": [200, "2xx"], "expectBody": { "path": "$.code", "equals": 200 } } }""";

    private async Task<JsonElement> WaitForAsync(string name, Func<JsonElement, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60); // hang guard only
        while (true)
        {
            var service = await GetAsync($"/api/v1/services/{name}");
            if (done(service))
            {
                return service;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, service.GetRawText());
            await Task.Delay(200);
        }
    }

    [Fact]
    public async Task PutGetListGraphDelete_Service_RegistersProbesListsAndDeletes()
    {
        var db = NewName("db");
        var api = NewName("api");
        var owner = NewName("owner");

        var created = await PutAsync(db, Body(owner));
        var createdBody = await ApiFixture.ReadAsync(created);
        var replaced = await PutAsync(db, Body(owner, tags: """["tier-1", "storage"]"""));
        var dependent = await PutAsync(api, Body(owner, dependsOn: $"""["{db}"]"""));
        var healthy = await WaitForAsync(api, s => s.GetProperty("status").GetString() == "Healthy");
        var list = await GetAsync($"/api/v1/services?owner={owner}");
        var byStatus = await GetAsync($"/api/v1/services?owner={owner}&status=unhealthy");
        var graph = await GetAsync("/api/v1/services/graph");
        var blocked = await fixture.Http.DeleteAsync($"/api/v1/services/{db}");
        var deleteApi = await fixture.Http.DeleteAsync($"/api/v1/services/{api}");
        var deleteDb = await fixture.Http.DeleteAsync($"/api/v1/services/{db}");
        var after = await fixture.Http.GetAsync($"/api/v1/services/{db}");

        created.StatusCode.Should().Be(HttpStatusCode.Created, createdBody.GetRawText());
        created.Headers.Location!.ToString().Should().Be($"/api/v1/services/{db}");
        createdBody.GetProperty("status").GetString().Should().Be("Unknown");
        createdBody.GetProperty("thresholds").GetProperty("unhealthyAfter").GetInt32().Should().Be(3);
        createdBody.GetProperty("probe").GetProperty("interval").GetString().Should().Be("1s");
        createdBody.GetProperty("probe").GetProperty("expectStatus").EnumerateArray().Select(e => e.GetString()).Should().Equal("200", "2xx");
        replaced.StatusCode.Should().Be(HttpStatusCode.OK);
        dependent.StatusCode.Should().Be(HttpStatusCode.Created);
        healthy.GetProperty("lastProbe").GetProperty("statusCode").GetInt32().Should().Be(200);
        healthy.GetProperty("dependsOn").EnumerateArray().Select(e => e.GetString()).Should().Equal(db);
        list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString()).Should().BeEquivalentTo([db, api]);
        list.GetProperty("counts").GetProperty("total").GetInt32().Should().Be(2);
        list.GetProperty("byOwner").EnumerateArray().Should().ContainSingle().Which.GetProperty("key").GetString().Should().Be(owner);
        list.GetProperty("byTag").EnumerateArray().Select(g => g.GetProperty("key").GetString()).Should().Equal("storage", "tier-1");
        list.GetProperty("byTag")[1].GetProperty("counts").GetProperty("total").GetInt32().Should().Be(2);
        byStatus.GetProperty("items").GetArrayLength().Should().Be(0);
        graph.GetProperty("edges").EnumerateArray().Should().ContainSingle(e => e.GetProperty("from").GetString() == api && e.GetProperty("to").GetString() == db);
        graph.GetProperty("nodes").EnumerateArray().Select(n => n.GetProperty("name").GetString()).Should().Contain([db, api]);
        blocked.StatusCode.Should().Be(HttpStatusCode.Conflict);
        deleteApi.StatusCode.Should().Be(HttpStatusCode.NoContent);
        deleteDb.StatusCode.Should().Be(HttpStatusCode.NoContent);
        after.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task List_WithLimitAndCursor_PagesByNameWithCountsOverEveryMatch()
    {
        var owner = NewName("pager");
        var names = Enumerable.Range(0, 5).Select(i => $"{owner}-s{i}").ToList();
        foreach (var name in names)
        {
            (await PutAsync(name, Body(owner))).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var pages = new List<JsonElement>();
        string? cursor = null;
        do
        {
            var page = await GetAsync($"/api/v1/services?owner={owner}&limit=2" + (cursor is null ? "" : $"&cursor={Uri.EscapeDataString(cursor)}"));
            pages.Add(page);
            cursor = page.TryGetProperty("nextCursor", out var next) && next.ValueKind == JsonValueKind.String ? next.GetString() : null;
        }
        while (cursor is not null && pages.Count < 10);
        var badCursor = await fixture.Http.GetAsync($"/api/v1/services?cursor=bm90LW91cnM&limit=0");
        var errors = (await ApiFixture.ReadAsync(badCursor)).GetProperty("errors");

        pages.Should().HaveCount(3);
        pages.SelectMany(p => p.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("name").GetString())).Should().Equal(names);
        pages.Should().OnlyContain(p => p.GetProperty("counts").GetProperty("total").GetInt32() == 5, "counts cover every match, not the page");
        badCursor.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        errors.TryGetProperty("cursor", out _).Should().BeTrue(errors.GetRawText());
        errors.TryGetProperty("limit", out _).Should().BeTrue(errors.GetRawText());
        foreach (var name in names)
        {
            (await fixture.Http.DeleteAsync($"/api/v1/services/{name}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        }
    }

    [Fact]
    public async Task Health_AfterProbes_HasRecentProbesMinutesAndUptime()
    {
        var name = NewName("hist");
        (await PutAsync(name, Body())).StatusCode.Should().Be(HttpStatusCode.Created);
        await WaitForAsync(name, s => s.GetProperty("status").GetString() == "Healthy");

        JsonElement health;
        var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
        while ((health = await GetAsync($"/api/v1/services/{name}/health")).GetProperty("recent").GetArrayLength() < 2)
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, health.GetRawText());
            await Task.Delay(250);
        }

        health.GetProperty("status").GetString().Should().Be("Healthy");
        health.GetProperty("recent")[0].GetProperty("passed").GetBoolean().Should().BeTrue();
        health.GetProperty("minutes").EnumerateArray().Sum(m => m.GetProperty("count").GetInt32()).Should().BeGreaterThanOrEqualTo(2);
        health.GetProperty("uptime24h").GetDouble().Should().Be(100);
        health.GetProperty("transitions")[0].GetProperty("to").GetString().Should().Be("Healthy");
        (await fixture.Http.DeleteAsync($"/api/v1/services/{name}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Maintenance_PutAndDelete_ShowsMaintenanceThenProbeStatus()
    {
        var name = NewName("maint");
        (await PutAsync(name, Body())).StatusCode.Should().Be(HttpStatusCode.Created);
        await WaitForAsync(name, s => s.GetProperty("status").GetString() == "Healthy");
        var until = DateTimeOffset.UtcNow.AddHours(1).ToString("O");

        var set = await fixture.Http.PutAsync($"/api/v1/services/{name}/maintenance", new StringContent($$"""{ "until": "{{until}}", "reason": "upgrade" }""", Encoding.UTF8, "application/json"));
        var setBody = await ApiFixture.ReadAsync(set);
        var past = await fixture.Http.PutAsync($"/api/v1/services/{name}/maintenance", new StringContent("""{ "until": "2020-01-01T00:00:00Z" }""", Encoding.UTF8, "application/json"));
        var pastProblem = await ApiFixture.ReadAsync(past);
        var cleared = await ApiFixture.ReadAsync(await fixture.Http.DeleteAsync($"/api/v1/services/{name}/maintenance"));
        var missing = await fixture.Http.DeleteAsync("/api/v1/services/no-such-service/maintenance");

        set.StatusCode.Should().Be(HttpStatusCode.OK, setBody.GetRawText());
        setBody.GetProperty("status").GetString().Should().Be("Maintenance");
        setBody.GetProperty("probeStatus").GetString().Should().Be("Healthy");
        setBody.GetProperty("maintenance").GetProperty("active").GetBoolean().Should().BeTrue();
        setBody.GetProperty("maintenance").GetProperty("reason").GetString().Should().Be("upgrade");
        past.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        pastProblem.GetProperty("errors").TryGetProperty("$.until", out _).Should().BeTrue();
        cleared.GetProperty("status").GetString().Should().Be("Healthy");
        cleared.GetProperty("transitions")[0].GetProperty("reason").GetString().Should().Be("maintenance ended; probe status Healthy");
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await fixture.Http.DeleteAsync($"/api/v1/services/{name}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Theory]
    [InlineData("""{ "probe": { "type": "http", "url": "ftp://x/y" } }""", "$.probe.url", "absolute http")]
    [InlineData("""{ "probe": { "type": "http", "url": "/health" } }""", "$.probe.url", "absolute http")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/", "interval": "5s", "timeout": "10s" } }""", "$.probe.timeout", "at most the interval")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/", "interval": "500ms" } }""", "$.probe.interval", "configured minimum")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/", "interval": "2h" } }""", "$.probe.interval", "at most 1h")]
    [InlineData("""{ "probe": { "type": "smtp" } }""", "$.probe.type", "http, tcp or workflow")]
    [InlineData("""{ "probe": { "type": "tcp", "host": "db.local" } }""", "$.probe.port", "1 to 65535")]
    [InlineData("""{ "probe": { "type": "tcp", "host": "db.local", "port": 5432, "url": "http://x/" } }""", "$.probe.url", "Only with type http")]
    [InlineData("""{ "probe": { "type": "workflow" } }""", "$.probe.definition", "definition name")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/", "expectStatus": [200, "6xx"] } }""", "$.probe.expectStatus[1]", "status code")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/", "expectBody": { "path": "status", "equals": "ok" } } }""", "$.probe.expectBody.path", "JSON path")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "dependsOn": ["NAME"] }""", "$.dependsOn[0]", "itself")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "dependsOn": ["no-such-service"] }""", "$.dependsOn[0]", "No service named 'no-such-service'")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "dependsOn": ["Bad Name"] }""", "$.dependsOn[0]", "valid service name")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "thresholds": { "degradedAfter": 4, "unhealthyAfter": 2 } }""", "$.thresholds.unhealthyAfter", "at least degradedAfter")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "thresholds": { "recoverAfter": 0 } }""", "$.thresholds.recoverAfter", "from 1 to 1000")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "colour": "red" }""", "$.colour", "Unknown property")]
    [InlineData("""{ "owner": "x" }""", "$", "probe")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "baseUrl": "ftp://x" }""", "$.baseUrl", "absolute http")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "baseUrl": "http://x/api?v=1" }""", "$.baseUrl", "without query")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "breaker": { "failureRatio": 1.5 } }""", "$.breaker.failureRatio", "at most 1")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "breaker": { "minimumThroughput": 1 } }""", "$.breaker.minimumThroughput", "from 2 to 10000")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "breaker": { "breakDuration": "100ms" } }""", "$.breaker.breakDuration", "at least 500ms")]
    [InlineData("""{ "probe": { "type": "http", "url": "http://x/" }, "breaker": { "samplingDuration": "soon" } }""", "$.breaker.samplingDuration", "not a duration")]
    public async Task Put_BadInput_Answers400NamingTheField_AndRegistersNothing(string body, string field, string message)
    {
        var name = NewName("bad");

        var response = await PutAsync(name, body.Replace("NAME", name, StringComparison.Ordinal));
        var problem = await ApiFixture.ReadAsync(response);
        var after = await fixture.Http.GetAsync($"/api/v1/services/{name}");
        var list = await GetAsync("/api/v1/services");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        problem.GetProperty("errors").TryGetProperty(field, out var errors).Should().BeTrue(problem.GetRawText());
        errors[0].GetString().Should().Contain(message);
        after.StatusCode.Should().Be(HttpStatusCode.NotFound);
        list.GetProperty("items").EnumerateArray().Should().NotContain(i => i.GetProperty("name").GetString() == name);
    }

    [Fact]
    public async Task Put_Cycle_Answers400AndKeepsTheOldDependencies()
    {
        var a = NewName("cyc-a");
        var b = NewName("cyc-b");
        (await PutAsync(a, Body())).StatusCode.Should().Be(HttpStatusCode.Created);
        (await PutAsync(b, Body(dependsOn: $"""["{a}"]"""))).StatusCode.Should().Be(HttpStatusCode.Created);

        var cycle = await PutAsync(a, Body(dependsOn: $"""["{b}"]"""));
        var problem = await ApiFixture.ReadAsync(cycle);
        var read = await GetAsync($"/api/v1/services/{a}");
        var badName = await PutAsync("Upper-Case", Body());
        var reserved = await PutAsync("graph", Body());

        cycle.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("$.dependsOn[0]")[0].GetString().Should().Be($"Depending on '{b}' makes a cycle: {a} → {b} → {a}.");
        read.GetProperty("dependsOn").GetArrayLength().Should().Be(0);
        badName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(badName)).GetProperty("errors").TryGetProperty("name", out _).Should().BeTrue();
        reserved.StatusCode.Should().BeOneOf(HttpStatusCode.BadRequest, HttpStatusCode.MethodNotAllowed);
        (await fixture.Http.DeleteAsync($"/api/v1/services/{b}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
        (await fixture.Http.DeleteAsync($"/api/v1/services/{a}")).StatusCode.Should().Be(HttpStatusCode.NoContent);
    }

    [Fact]
    public async Task Permissions_ReadOnlyCaller_Answers403_AndRegistersNothing()
    {
        var name = NewName("perm");
        using var reader = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["services:read"]));
        using var nothing = fixture.CreateClient("ApiKey " + await fixture.CreateApiKeyAsync(["definitions:read"]));

        var byReader = await PutAsync(name, Body(), reader);
        var listByReader = await reader.GetAsync("/api/v1/services");
        var listByNothing = await nothing.GetAsync("/api/v1/services");
        var after = await fixture.Http.GetAsync($"/api/v1/services/{name}");

        byReader.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        listByReader.StatusCode.Should().Be(HttpStatusCode.OK);
        listByNothing.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        after.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }
}
