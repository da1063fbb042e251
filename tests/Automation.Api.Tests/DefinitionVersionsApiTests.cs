using System.Net;
using System.Text.Json;
using Automation.Api.Security;
using Automation.Postgres.Security;
using Automation.Security;
using Npgsql;

namespace Automation.Api.Tests;

/// <summary>
/// <c>GET /definitions/{name}/versions</c>, <c>/deprecate</c>, <c>/undeprecate</c> and the deletes end to end: the real
/// API on a real silo and PostgreSQL. A refused request answers a problem naming the field and changes nothing.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DefinitionVersionsApiTests(ApiFixture fixture)
{
    private const string WaitForGo = """
        { "steps": [
            { "id": "w", "type": "wait", "with": { "signal": "go" } },
            { "id": "after", "type": "transform", "dependsOn": ["w"], "with": { "value": "done" } } ] }
        """;

    private const string Simple = """{ "description": "simple", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";

    // A changed document: registering the same one again adds no version.
    private const string SimpleV2 = """{ "description": "simple, v2", "steps": [ { "id": "a", "type": "transform", "with": { "value": 2 } } ] }""";

    private const string WaitForGoV2 = """
        { "description": "v2",
          "steps": [
            { "id": "w", "type": "wait", "with": { "signal": "go" } },
            { "id": "after", "type": "transform", "dependsOn": ["w"], "with": { "value": "done" } } ] }
        """;

    [Fact]
    public async Task ListVersions_TwoVersions_ListsEachWithRegisteredByAndCreatedAt()
    {
        var name = await DefineAsync(Simple);
        await PutAsync(name, WaitForGo);

        var response = await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions");
        var body = await ApiFixture.ReadAsync(response);
        var unknown = await fixture.Http.GetAsync("/api/v1/definitions/no-such-definition-x/versions");
        var badName = await fixture.Http.GetAsync("/api/v1/definitions/bad%20name/versions");

        response.StatusCode.Should().Be(HttpStatusCode.OK, body.GetRawText());
        body.GetProperty("name").GetString().Should().Be(name);
        var versions = body.GetProperty("versions").EnumerateArray().ToList();
        versions.Select(v => v.GetProperty("version").GetInt32()).Should().Equal(1, 2);
        versions.Should().OnlyContain(v => v.GetProperty("registeredBy").GetString() == ApiFixture.AdminUser);
        versions[0].GetProperty("description").GetString().Should().Be("simple");
        versions[0].GetProperty("createdAt").GetDateTimeOffset().Should().BeOnOrBefore(versions[1].GetProperty("createdAt").GetDateTimeOffset());
        versions.Should().OnlyContain(v => v.GetProperty("deprecation").ValueKind == JsonValueKind.Null);
        unknown.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Put_SameDocumentAgain_Answers200WithTheLatestVersionAndStoresNothing_UnlessItIsDeprecated()
    {
        var name = await DefineAsync(Simple);

        var again = await fixture.PutDefinitionAsync(name, Simple);
        var againBody = await ApiFixture.ReadAsync(again);
        var reformatted = await fixture.PutDefinitionAsync(name, """{"steps":[{"id":"a","type":"transform","with":{"value":1}}],"description":"simple"}""");
        var changed = await fixture.PutDefinitionAsync(name, WaitForGo);
        var versionsAfterChange = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions"));
        (await fixture.PostAsync($"/api/v1/definitions/{name}/deprecate", """{ "version": 2, "reason": "superseded" }""")).StatusCode.Should().Be(HttpStatusCode.OK);
        var afterDeprecation = await fixture.PutDefinitionAsync(name, WaitForGo);
        var afterDeprecationBody = await ApiFixture.ReadAsync(afterDeprecation);

        again.StatusCode.Should().Be(HttpStatusCode.OK, "the same document is the latest version: a retried PUT adds nothing");
        againBody.GetProperty("version").GetInt32().Should().Be(1);
        reformatted.StatusCode.Should().Be(HttpStatusCode.OK, "the same JSON with its members in another order and no whitespace is the same document");
        changed.StatusCode.Should().Be(HttpStatusCode.Created);
        versionsAfterChange.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Should().Equal(1, 2);
        afterDeprecation.StatusCode.Should().Be(HttpStatusCode.Created, "the latest version is deprecated: registering it again makes a usable version");
        afterDeprecationBody.GetProperty("version").GetInt32().Should().Be(3);
    }

    [Fact]
    public async Task Deprecate_Version_RefusesNewStartsNamingReplacementWhileRunningOneCompletes()
    {
        var name = await DefineAsync(WaitForGo);
        var running = await StartAsync(name, version: 1);
        await PutAsync(name, WaitForGoV2);

        var deprecate = await fixture.PostAsync($"/api/v1/definitions/{name}/deprecate", """{ "version": 1, "replacement": 2, "reason": "v1 leaks" }""");
        var listed = await ApiFixture.ReadAsync(deprecate);
        var refused = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "version": 1 }""");
        var refusedProblem = await ApiFixture.ReadAsync(refused);
        var latest = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");
        (await fixture.PostAsync($"/api/v1/workflows/{running}/signals/go", "{}")).StatusCode.Should().Be(HttpStatusCode.OK);
        var done = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{running}?wait=30s"));
        var undeprecate = await fixture.PostAsync($"/api/v1/definitions/{name}/undeprecate", """{ "version": 1 }""");
        var again = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "version": 1 }""");

        deprecate.StatusCode.Should().Be(HttpStatusCode.OK, listed.GetRawText());
        var v1 = listed.GetProperty("versions")[0].GetProperty("deprecation");
        v1.GetProperty("replacement").GetString().Should().Be("2");
        v1.GetProperty("reason").GetString().Should().Be("v1 leaks");
        v1.GetProperty("deprecatedBy").GetString().Should().Be(ApiFixture.AdminUser);
        v1.GetProperty("wholeDefinition").GetBoolean().Should().BeFalse();
        listed.GetProperty("versions")[1].GetProperty("deprecation").ValueKind.Should().Be(JsonValueKind.Null);
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        refusedProblem.GetProperty("detail").GetString().Should().Contain("version 1 is deprecated").And.Contain("'2'").And.Contain("v1 leaks");
        latest.StatusCode.Should().Be(HttpStatusCode.Created);
        done.GetProperty("status").GetString().Should().Be("Completed", done.GetRawText());
        done.GetProperty("version").GetInt32().Should().Be(1);
        undeprecate.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(undeprecate)).GetProperty("versions")[0].GetProperty("deprecation").ValueKind.Should().Be(JsonValueKind.Null);
        again.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Deprecate_WholeDefinition_RefusesLatestAndChildStartsUntilUndeprecated()
    {
        var replacement = await DefineAsync(Simple);
        var name = await DefineAsync(Simple);
        var parent = await DefineAsync($$"""{ "steps": [ { "id": "call", "type": "workflow", "with": { "definition": "{{name}}" } } ] }""");

        var deprecate = await fixture.PostAsync($"/api/v1/definitions/{name}/deprecate", $$"""{ "replacement": "{{replacement}}" }""");
        var refused = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");
        var detail = (await ApiFixture.ReadAsync(refused)).GetProperty("detail").GetString();
        var parentId = await StartAsync(parent);
        var parentDone = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows/{parentId}?wait=30s"));
        var undeprecate = await fixture.PostAsync($"/api/v1/definitions/{name}/undeprecate", "");
        var allowed = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");

        deprecate.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(deprecate)).GetProperty("versions")[0].GetProperty("deprecation").GetProperty("wholeDefinition").GetBoolean().Should().BeTrue();
        refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        detail.Should().Contain($"Definition '{name}' is deprecated").And.Contain($"start '{replacement}' instead");
        parentDone.GetProperty("status").GetString().Should().Be("Failed", parentDone.GetRawText());
        var stepError = parentDone.GetProperty("steps")[0].GetProperty("error");
        stepError.GetProperty("type").GetString().Should().Be("child.failed");
        stepError.GetProperty("message").GetString().Should().Contain("is deprecated").And.Contain($"start '{replacement}' instead");
        undeprecate.StatusCode.Should().Be(HttpStatusCode.OK);
        allowed.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Theory]
    [InlineData("""{ "version": 9 }""", "$.version")]
    [InlineData("""{ "version": 0 }""", "$.version")]
    [InlineData("""{ "version": "1" }""", "$.version")]
    [InlineData("""{ "replacement": "no-such-definition-y" }""", "$.replacement")]
    [InlineData("""{ "replacement": "bad name" }""", "$.replacement")]
    [InlineData("""{ "replacement": 1 }""", "$.replacement")]
    [InlineData("""{ "version": 1, "replacement": 1 }""", "$.replacement")]
    [InlineData("""{ "version": 1, "replacement": 7 }""", "$.replacement")]
    [InlineData("""{ "reason": 5 }""", "$.reason")]
    [InlineData("""{ "reasn": "typo" }""", "$.reasn")]
    [InlineData("""[1]""", "$")]
    public async Task Deprecate_BadInput_Returns400NamingFieldAndChangesNothing(string body, string field)
    {
        var name = await DefineAsync(Simple);

        var response = await fixture.PostAsync($"/api/v1/definitions/{name}/deprecate", body);
        var problem = await ApiFixture.ReadAsync(response);
        var versions = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions"));
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, problem.GetRawText());
        problem.GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(problem.GetRawText());
        versions.GetProperty("versions")[0].GetProperty("deprecation").ValueKind.Should().Be(JsonValueKind.Null);
        start.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task DeprecateAndUndeprecate_UnknownDefinitionOrVersion_Returns404Or400()
    {
        var name = await DefineAsync(Simple);

        var deprecate = await fixture.PostAsync("/api/v1/definitions/no-such-definition-z/deprecate", "{}");
        var undeprecate = await fixture.PostAsync("/api/v1/definitions/no-such-definition-z/undeprecate", "");
        var undeprecateVersion = await fixture.PostAsync($"/api/v1/definitions/{name}/undeprecate", """{ "version": 3 }""");

        deprecate.StatusCode.Should().Be(HttpStatusCode.NotFound);
        undeprecate.StatusCode.Should().Be(HttpStatusCode.NotFound);
        undeprecateVersion.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(undeprecateVersion)).GetProperty("errors").TryGetProperty("$.version", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Delete_VersionUsedByWorkflow_Returns409WithCountThenDeletesOnceUnused()
    {
        var name = await DefineAsync(WaitForGo);
        await PutAsync(name, Simple);
        var first = await StartAsync(name, version: 1);
        var second = await StartAsync(name, version: 1);

        var refused = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}/versions/1");
        var problem = await ApiFixture.ReadAsync(refused);
        var refusedWhole = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}");
        var stillThere = await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions/1");
        var unused = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}/versions/2");
        var gone = await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions/2");
        var deleteAgain = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}/versions/2");
        var next = await ApiFixture.ReadAsync(await fixture.PutDefinitionAsync(name, Simple));

        refused.StatusCode.Should().Be(HttpStatusCode.Conflict, problem.GetRawText());
        problem.GetProperty("detail").GetString().Should().Contain("used by 2 workflows");
        problem.GetProperty("inUse").GetInt64().Should().Be(2);
        refusedWhole.StatusCode.Should().Be(HttpStatusCode.Conflict);
        stillThere.StatusCode.Should().Be(HttpStatusCode.OK);
        unused.StatusCode.Should().Be(HttpStatusCode.NoContent);
        gone.StatusCode.Should().Be(HttpStatusCode.NotFound);
        deleteAgain.StatusCode.Should().Be(HttpStatusCode.NotFound);
        next.GetProperty("version").GetInt32().Should().Be(3, "the number of a deleted version is not given again");

        // Finished workflows use the version too, until retention purges their rows; purge these two by hand.
        await TerminateAsync(first);
        await TerminateAsync(second);
        (await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}/versions/1")).StatusCode.Should().Be(HttpStatusCode.Conflict);
        await PurgeVisibilityRowsAsync(first, second);

        var deleted = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}/versions/1");
        var versions = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions"));
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}", "version": 1 }""");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        versions.GetProperty("versions").EnumerateArray().Select(v => v.GetProperty("version").GetInt32()).Should().Equal(3);
        start.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(start)).GetProperty("errors").TryGetProperty("$.version", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Delete_UnusedDefinition_DeletesEveryVersionAndTheNameStartsOver()
    {
        var name = await DefineAsync(Simple);
        await PutAsync(name, SimpleV2);
        await fixture.PostAsync($"/api/v1/definitions/{name}/deprecate", """{ "version": 1 }""");

        var deleted = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}");
        var get = await fixture.Http.GetAsync($"/api/v1/definitions/{name}");
        var versions = await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions");
        var again = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}");
        var badVersion = await fixture.Http.DeleteAsync($"/api/v1/definitions/{name}/versions/abc");
        var registered = await ApiFixture.ReadAsync(await fixture.PutDefinitionAsync(name, Simple));
        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");

        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        versions.StatusCode.Should().Be(HttpStatusCode.NotFound);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        badVersion.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        registered.GetProperty("version").GetInt32().Should().Be(1);
        start.StatusCode.Should().Be(HttpStatusCode.Created, "the deleted version's deprecation went with it");
    }

    [Fact]
    public async Task Diff_TwoVersions_ShowsRootFieldsAndStepsAddedRemovedChanged()
    {
        var name = await DefineAsync("""
            { "description": "v1", "steps": [
                { "id": "a", "type": "transform", "with": { "value": 1 } },
                { "id": "old", "type": "delay", "with": { "duration": "1s" } } ] }
            """);
        await PutAsync(name, """
            { "description": "v2", "retention": "90d", "steps": [
                { "id": "a", "type": "transform", "with": { "value": 2 } },
                { "id": "new", "type": "transform", "with": { "value": 3 } } ] }
            """);

        var response = await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions/1/diff/2");
        var diff = await ApiFixture.ReadAsync(response);
        var same = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions/2/diff/2"));
        var missing = await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions/1/diff/9");
        var bad = await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions/x/diff/0");
        var badProblem = await ApiFixture.ReadAsync(bad);

        response.StatusCode.Should().Be(HttpStatusCode.OK, diff.GetRawText());
        diff.GetProperty("identical").GetBoolean().Should().BeFalse();
        diff.GetProperty("root").EnumerateArray().Select(c => c.GetProperty("path").GetString()).Should().Equal("$.description", "$.retention");
        diff.GetProperty("root")[1].GetProperty("before").ValueKind.Should().Be(JsonValueKind.Null);
        diff.GetProperty("root")[1].GetProperty("after").GetString().Should().Be("90d");
        diff.GetProperty("stepsAdded").EnumerateArray().Select(s => s.GetString()).Should().Equal("new");
        diff.GetProperty("stepsRemoved").EnumerateArray().Select(s => s.GetString()).Should().Equal("old");
        var changed = diff.GetProperty("stepsChanged").EnumerateArray().Single();
        changed.GetProperty("id").GetString().Should().Be("a");
        changed.GetProperty("changes")[0].GetProperty("path").GetString().Should().Be("$.steps[id=a].with");
        changed.GetProperty("changes")[0].GetProperty("after").GetProperty("value").GetInt32().Should().Be(2);
        same.GetProperty("identical").GetBoolean().Should().BeTrue();
        missing.StatusCode.Should().Be(HttpStatusCode.NotFound);
        (await ApiFixture.ReadAsync(missing)).GetProperty("detail").GetString().Should().Contain("no version 9");
        bad.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badProblem.GetProperty("errors").TryGetProperty("version", out _).Should().BeTrue();
        badProblem.GetProperty("errors").TryGetProperty("other", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Put_RetentionShorterThanMinimum_Returns400NamingRetentionAndStoresNothing()
    {
        var name = "ver-" + Guid.NewGuid().ToString("N");

        var response = await fixture.PutDefinitionAsync(name, """{ "retention": "2s", "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var problem = await ApiFixture.ReadAsync(response);
        var get = await fixture.Http.GetAsync($"/api/v1/definitions/{name}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").GetProperty("$.retention")[0].GetString().Should().Contain("at least 1h");
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task ScopedRole_VersionEndpoints_AllowOnlyMatchingDefinitions()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var allowed = "deploy-" + suffix;
        var other = "build-" + suffix;
        await PutAsync(allowed, Simple);
        await PutAsync(allowed, SimpleV2);
        await PutAsync(other, Simple);
        var user = "definer-" + suffix;
        await using (var source = NpgsqlDataSource.Create(fixture.ConnectionString))
        {
            var now = DateTimeOffset.UtcNow;
            await new PostgresRoleStore(source).UpsertAsync(new StoredRole(user, ["definitions:read:deploy-*", "definitions:write:deploy-*"], false, now, now));
            await new PostgresUserStore(source).CreateAsync(
                new UserAccount(user, UserSignIn.HashPassword("definer-Passw0rd-x"), [user], false, 0, null, null, false, 0, [], now, now));
        }

        using var client = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, "definer-Passw0rd-x"));
        for (var i = 0; i < 150 && (await ApiFixture.ReadAsync(await client.GetAsync("/api/v1/auth/me"))).GetProperty("permissions").GetArrayLength() == 0; i++)
        {
            await Task.Delay(100); // hang guard: the grants of a new role reach the API's cache
        }

        var versions = await client.GetAsync($"/api/v1/definitions/{allowed}/versions");
        var diff = await client.GetAsync($"/api/v1/definitions/{allowed}/versions/1/diff/2");
        var deprecate = await client.PostAsync($"/api/v1/definitions/{allowed}/deprecate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var otherVersions = await client.GetAsync($"/api/v1/definitions/{other}/versions");
        var otherDiff = await client.GetAsync($"/api/v1/definitions/{other}/versions/1/diff/1");
        var otherDeprecate = await client.PostAsync($"/api/v1/definitions/{other}/deprecate", new StringContent("{}", System.Text.Encoding.UTF8, "application/json"));
        var otherUndeprecate = await client.PostAsync($"/api/v1/definitions/{other}/undeprecate", null);
        var otherDelete = await client.DeleteAsync($"/api/v1/definitions/{other}");
        var otherDeleteVersion = await client.DeleteAsync($"/api/v1/definitions/{other}/versions/1");
        var otherStill = await fixture.Http.GetAsync($"/api/v1/definitions/{other}/versions");
        var latest = await client.GetAsync($"/api/v1/definitions/{allowed}");
        var version = await client.GetAsync($"/api/v1/definitions/{allowed}/versions/1");
        var otherLatest = await client.GetAsync($"/api/v1/definitions/{other}");
        var otherVersion = await client.GetAsync($"/api/v1/definitions/{other}/versions/1");

        versions.StatusCode.Should().Be(HttpStatusCode.OK);
        diff.StatusCode.Should().Be(HttpStatusCode.OK);
        deprecate.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(deprecate)).GetProperty("versions")[0].GetProperty("deprecation").GetProperty("deprecatedBy").GetString().Should().Be(user);
        new[] { otherVersions, otherDiff, otherDeprecate, otherUndeprecate, otherDelete, otherDeleteVersion, otherLatest, otherVersion }
            .Should().OnlyContain(r => r.StatusCode == HttpStatusCode.Forbidden);
        latest.StatusCode.Should().Be(HttpStatusCode.OK);
        version.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(otherLatest)).GetProperty("permission").GetString().Should().Be("definitions:read");
        (await ApiFixture.ReadAsync(otherVersion)).GetProperty("permission").GetString().Should().Be("definitions:read");
        (await otherDeprecate.Content.ReadAsStringAsync()).Should().Contain("definitions:write").And.Contain(other);
        otherStill.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(otherStill)).GetProperty("versions")[0].GetProperty("deprecation").ValueKind.Should().Be(JsonValueKind.Null);
    }

    private async Task<string> DefineAsync(string json)
    {
        var name = "ver-" + Guid.NewGuid().ToString("N");
        await PutAsync(name, json);
        return name;
    }

    private async Task PutAsync(string name, string json)
    {
        var response = await fixture.PutDefinitionAsync(name, json);
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    private async Task<string> StartAsync(string definition, int? version = null)
    {
        var response = await fixture.PostAsync("/api/v1/workflows",
            version is null ? $$"""{ "definition": "{{definition}}" }""" : $$"""{ "definition": "{{definition}}", "version": {{version}} }""");
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await ApiFixture.ReadAsync(response)).GetProperty("workflowId").GetString()!;
    }

    private async Task TerminateAsync(string id) =>
        (await fixture.PostAsync($"/api/v1/workflows/{id}/terminate", "")).StatusCode.Should().Be(HttpStatusCode.OK);

    /// <summary>What the retention job does to a finished workflow's visibility row, done directly for these ids.</summary>
    private async Task PurgeVisibilityRowsAsync(params string[] ids)
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("DELETE FROM automation_workflows WHERE workflow_id = ANY(@ids)", connection);
        command.Parameters.AddWithValue("ids", ids);
        (await command.ExecuteNonQueryAsync()).Should().Be(ids.Length);
    }
}
