using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Api.Security;
using Automation.Api.Tests.Security;

namespace Automation.Api.Tests;

/// <summary>
/// <c>POST /api/v1/definitions/{name}/validate</c> end to end (real API, silo and PostgreSQL): PUT's own errors at
/// their JSON paths, malformed JSON with its line and column, the step graph, whether PUT would add a version, and
/// that nothing is ever registered.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class DefinitionValidationApiTests(ApiFixture fixture)
{
    private const string Chain = """
        { "description": "chain",
          "steps": [
            { "id": "fetch", "type": "transform", "with": { "value": 1 } },
            { "id": "shape", "type": "transform", "dependsOn": ["fetch"], "with": { "value": 2 } },
            { "id": "store", "type": "transform", "dependsOn": ["fetch", "shape"], "when": "{{ steps.fetch.output }}", "with": { "value": 3 } } ] }
        """;

    // One mistake of each kind the parser finds, each at its own path.
    private const string Broken = """
        { "bogus": true,
          "steps": [
            { "id": "a", "type": "transform", "with": { "value": 1 } },
            { "id": "b", "type": "telepathy", "with": {} },
            { "id": "c", "type": "transform", "dependsOn": ["nowhere"], "with": { "value": 1 } },
            { "id": "d", "type": "http", "with": { "url": "not a url" } },
            { "id": "a", "type": "transform", "with": { "value": 1 }, "timeout": "forever" } ] }
        """;

    [Fact]
    public async Task Validate_ValidNewDocument_AnswersValidWithGraphAndRegistersNothing()
    {
        var name = NewName();

        var response = await ValidateAsync(fixture.Http, name, Chain);
        var body = await ApiFixture.ReadAsync(response);
        var get = await fixture.Http.GetAsync($"/api/v1/definitions/{name}");

        response.StatusCode.Should().Be(HttpStatusCode.OK, body.GetRawText());
        body.GetProperty("valid").GetBoolean().Should().BeTrue();
        body.GetProperty("errors").GetArrayLength().Should().Be(0);
        body.GetProperty("changed").GetBoolean().Should().BeTrue("there is no version yet: PUT would create version 1");
        body.GetProperty("latestVersion").ValueKind.Should().Be(JsonValueKind.Null);
        var steps = body.GetProperty("graph").GetProperty("steps").EnumerateArray().ToList();
        steps.Select(s => s.GetProperty("id").GetString()).Should().Equal("fetch", "shape", "store");
        steps[2].GetProperty("dependsOn").EnumerateArray().Select(d => d.GetString()).Should().Equal("fetch", "shape");
        steps[2].GetProperty("type").GetString().Should().Be("transform");
        steps[2].GetProperty("when").GetString().Should().Be("{{ steps.fetch.output }}");
        steps[0].GetProperty("when").ValueKind.Should().Be(JsonValueKind.Null);
        get.StatusCode.Should().Be(HttpStatusCode.NotFound, "validation never registers anything");
    }

    [Fact]
    public async Task Validate_ErrorOfEachKind_AnswersEachAtItsPathExactlyAsPutDoes()
    {
        var name = NewName();

        var response = await ValidateAsync(fixture.Http, name, Broken);
        var body = await ApiFixture.ReadAsync(response);
        var put = await fixture.PutDefinitionAsync(name, Broken);
        var putProblem = await ApiFixture.ReadAsync(put);

        response.StatusCode.Should().Be(HttpStatusCode.OK, body.GetRawText());
        body.GetProperty("valid").GetBoolean().Should().BeFalse();
        body.GetProperty("graph").ValueKind.Should().Be(JsonValueKind.Null);
        var errors = body.GetProperty("errors").EnumerateArray()
            .Select(e => (Path: e.GetProperty("path").GetString()!, Message: e.GetProperty("message").GetString()!)).ToList();
        var paths = errors.Select(e => e.Path).ToList();
        paths.Should().Contain("$.bogus", "an unknown root property");
        paths.Should().Contain("$.steps[1].type", "an unknown step type");
        paths.Should().Contain("$.steps[2].dependsOn[0]", "a dependency on a missing step");
        paths.Should().Contain("$.steps[3].with.url", "an http step's bad URL");
        paths.Should().Contain("$.steps[4].id", "a duplicate step id");
        paths.Should().Contain("$.steps[4].timeout", "a duration that is not one");
        errors.Single(e => e.Path == "$.steps[1].type").Message.Should().Contain("telepathy");
        errors.Single(e => e.Path == "$.steps[2].dependsOn[0]").Message.Should().Contain("nowhere");
        body.GetProperty("errors").EnumerateArray().Should().OnlyContain(e => e.GetProperty("line").ValueKind == JsonValueKind.Null);
        put.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var putErrors = putProblem.GetProperty("errors").EnumerateObject()
            .SelectMany(p => p.Value.EnumerateArray().Select(m => (Path: p.Name, Message: m.GetString()!))).ToList();
        errors.Should().BeEquivalentTo(putErrors, "the validation endpoint runs PUT's own validator");
    }

    [Fact]
    public async Task Validate_MissingChildDefinition_AnswersTheRegistrationCheckAtItsPath()
    {
        var name = NewName();
        const string document = """{ "steps": [ { "id": "each", "type": "foreach", "with": { "items": [1], "definition": "never-registered-validate" } } ] }""";

        var body = await ApiFixture.ReadAsync(await ValidateAsync(fixture.Http, name, document));

        body.GetProperty("valid").GetBoolean().Should().BeFalse();
        var error = body.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("path").GetString().Should().Be("$.steps[0].with.definition");
        error.GetProperty("message").GetString().Should().Contain("never-registered-validate");
    }

    [Fact]
    public async Task Validate_MalformedJson_AnswersInvalidWithLineAndColumnInCharacters()
    {
        var name = NewName();
        // Line 3 holds a two-byte character before the mistake (the trailing comma before '}'): the column counts characters.
        const string text = "{\n  \"steps\": [\n    { \"id\": \"é\", }\n  ]\n}";
        var expectedColumn = "    { \"id\": \"é\", }".IndexOf('}', StringComparison.Ordinal) + 1;

        var response = await ValidateAsync(fixture.Http, name, text);
        var body = await ApiFixture.ReadAsync(response);
        var empty = await ApiFixture.ReadAsync(await ValidateAsync(fixture.Http, name, ""));
        var put = await fixture.PutDefinitionAsync(name, text);

        response.StatusCode.Should().Be(HttpStatusCode.OK, body.GetRawText());
        body.GetProperty("valid").GetBoolean().Should().BeFalse();
        body.GetProperty("graph").ValueKind.Should().Be(JsonValueKind.Null);
        var error = body.GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("path").GetString().Should().Be("$");
        error.GetProperty("message").GetString().Should().StartWith("Malformed JSON at line 3");
        error.GetProperty("line").GetInt32().Should().Be(3);
        error.GetProperty("column").GetInt32().Should().Be(expectedColumn);
        empty.GetProperty("valid").GetBoolean().Should().BeFalse();
        empty.GetProperty("errors")[0].GetProperty("path").GetString().Should().Be("$");
        empty.GetProperty("errors")[0].GetProperty("message").GetString().Should().Contain("empty");
        put.StatusCode.Should().Be(HttpStatusCode.BadRequest, "PUT refuses the same body");
        (await fixture.Http.GetAsync($"/api/v1/definitions/{name}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Validate_AgainstExistingVersions_SaysWhetherPutWouldAddOneAndStoresNothing()
    {
        var name = NewName();
        (await fixture.PutDefinitionAsync(name, Chain)).StatusCode.Should().Be(HttpStatusCode.Created);
        var changedDocument = Chain.Replace("\"chain\"", "\"chain, v2\"", StringComparison.Ordinal);

        var same = await ApiFixture.ReadAsync(await ValidateAsync(fixture.Http, name, Chain));
        var reordered = await ApiFixture.ReadAsync(await ValidateAsync(fixture.Http, name, JsonSerializer.Serialize(JsonSerializer.Deserialize<JsonElement>(Chain))));
        var changed = await ApiFixture.ReadAsync(await ValidateAsync(fixture.Http, name, changedDocument));
        var versions = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/definitions/{name}/versions"));
        (await fixture.PostAsync($"/api/v1/definitions/{name}/deprecate", """{ "version": 1, "reason": "replaced" }""")).StatusCode.Should().Be(HttpStatusCode.OK);
        var sameButDeprecated = await ApiFixture.ReadAsync(await ValidateAsync(fixture.Http, name, Chain));

        same.GetProperty("valid").GetBoolean().Should().BeTrue();
        same.GetProperty("changed").GetBoolean().Should().BeFalse("PUT would answer 200 with version 1 and store nothing");
        same.GetProperty("latestVersion").GetInt32().Should().Be(1);
        reordered.GetProperty("changed").GetBoolean().Should().BeFalse("whitespace is not a change");
        changed.GetProperty("changed").GetBoolean().Should().BeTrue();
        changed.GetProperty("latestVersion").GetInt32().Should().Be(1);
        versions.GetProperty("versions").GetArrayLength().Should().Be(1, "validating never adds a version");
        sameButDeprecated.GetProperty("changed").GetBoolean().Should().BeTrue("PUT makes a new, usable version when the latest is deprecated");
    }

    [Fact]
    public async Task Validate_BadNameOrNotJson_AnswersProblemNamingIt()
    {
        var badName = await fixture.PostAsync("/api/v1/definitions/bad%20name/validate", Chain);
        var badNameProblem = await ApiFixture.ReadAsync(badName);
        using var xml = new StringContent("<steps/>", Encoding.UTF8, "application/xml");
        var notJson = await fixture.Http.PostAsync($"/api/v1/definitions/{NewName()}/validate", xml);

        badName.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        badNameProblem.GetProperty("errors").GetProperty("name")[0].GetString().Should().Contain("not a valid definition name");
        notJson.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task Validate_AsViewer_Answers403()
    {
        var user = await fixture.CreateUserAsync("validate-viewer", [BuiltInRoles.Viewer]);
        using var viewer = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, SecurityArrange.Password));
        var name = NewName();

        var response = await ValidateAsync(viewer, name, Chain);
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a viewer has definitions:read only");
        problem.GetProperty("status").GetInt32().Should().Be(403);
    }

    [Fact]
    public async Task ValidateAndPut_ScopedWriteGrant_AllowOnlyMatchingNames()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var role = "validator-" + suffix;
        await fixture.PutRoleAsync(role, ["definitions:read", "definitions:write:deploy-*"], requireMfa: false);
        var user = await fixture.CreateUserAsync("validator", [role]);
        using var client = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, SecurityArrange.Password));
        await WaitForGrantsAsync(client);

        var allowed = await ValidateAsync(client, "deploy-" + suffix, Chain);
        var other = await ValidateAsync(client, "build-" + suffix, Chain);
        var otherPut = await client.PutAsync($"/api/v1/definitions/build-{suffix}", new StringContent(Chain, Encoding.UTF8, "application/json"));
        var otherProblem = await ApiFixture.ReadAsync(other);

        allowed.StatusCode.Should().Be(HttpStatusCode.OK);
        other.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        otherProblem.GetProperty("detail").GetString().Should().Contain("definitions:write").And.Contain("build-" + suffix);
        otherPut.StatusCode.Should().Be(HttpStatusCode.Forbidden, "PUT checks the same scope");
        (await fixture.Http.GetAsync($"/api/v1/definitions/build-{suffix}")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    private static string NewName() => "val-" + Guid.NewGuid().ToString("N");

    private static Task<HttpResponseMessage> ValidateAsync(HttpClient client, string name, string body) =>
        client.PostAsync($"/api/v1/definitions/{name}/validate", new StringContent(body, Encoding.UTF8, "application/json"));

    [Fact]
    public async Task Validate_SuccessfulCallsAreNotAuditedButARefusalIs()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var role = "audit-validator-" + suffix;
        await fixture.PutRoleAsync(role, ["definitions:read", "definitions:write:deploy-*"], requireMfa: false);
        var user = await fixture.CreateUserAsync("audit-validator", [role]);
        using var client = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, SecurityArrange.Password));
        await WaitForGrantsAsync(client);
        var allowed = "deploy-" + suffix;
        var other = "build-" + suffix;

        // What an editor sends while its user types: a valid document, then one with a syntax error.
        var first = await ValidateAsync(client, allowed, Chain);
        var second = await ValidateAsync(client, allowed, "{ \"steps\": [");
        var refused = await ValidateAsync(client, other, Chain);

        first.StatusCode.Should().Be(HttpStatusCode.OK);
        second.StatusCode.Should().Be(HttpStatusCode.OK);
        refused.StatusCode.Should().Be(HttpStatusCode.Forbidden);

        // The writer keeps request order: once the later refusal is stored, a record of the earlier 200s would be too.
        var refusals = await AuditAsync($"action=ValidateDefinition&target={other}", wanted: 1);
        var successes = await AuditAsync($"action=ValidateDefinition&target={allowed}", wanted: 0);
        refusals.Should().ContainSingle().Which.GetProperty("status").GetInt32().Should().Be(403);
        successes.Should().BeEmpty("a validation changes nothing and is sent after every pause in typing");
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

            await Task.Delay(50); // hang guard: the audit writer flushes on its own interval, with no signal to await
        }
    }

    private static async Task WaitForGrantsAsync(HttpClient client)
    {
        for (var i = 0; i < 150 && (await ApiFixture.ReadAsync(await client.GetAsync("/api/v1/auth/me"))).GetProperty("permissions").GetArrayLength() == 0; i++)
        {
            await Task.Delay(100); // hang guard: the grants of a new role reach the API's cache
        }
    }
}
