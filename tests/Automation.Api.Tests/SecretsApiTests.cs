using System.Net;
using System.Text;
using System.Text.Json;
using Automation.Api.Tests.Contract;

namespace Automation.Api.Tests;

/// <summary>
/// <c>/api/v1/secrets</c> end to end, and a secret used by an http step: the target receives the value, while no
/// response, no history event and no log line ever holds it.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SecretsApiTests(ApiFixture fixture)
{
    private static string Unique(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    private Task<HttpResponseMessage> PutAsync(string name, string body, string contentType = "application/json") =>
        fixture.Http.PutAsync($"/api/v1/secrets/{name}", new StringContent(body, Encoding.UTF8, contentType));

    private static string Value(string value) => JsonSerializer.Serialize(new { value });

    [Fact]
    public async Task Lifecycle_PutReplaceReadListDelete_AnswersMetadataOnly()
    {
        var name = Unique("token");
        var value = "v-" + Guid.NewGuid().ToString("N");

        var created = await PutAsync(name, Value(value));
        var replaced = await PutAsync(name, Value(value + "-2"));
        var read = await fixture.Http.GetAsync($"/api/v1/secrets/{name}");
        var list = await fixture.Http.GetAsync("/api/v1/secrets");
        var deleted = await fixture.Http.DeleteAsync($"/api/v1/secrets/{name}");
        var readAfter = await fixture.Http.GetAsync($"/api/v1/secrets/{name}");
        var deletedAgain = await fixture.Http.DeleteAsync($"/api/v1/secrets/{name}");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/secrets/{name}");
        var first = await ApiFixture.ReadAsync(created);
        first.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo("name", "version", "keyId", "createdAt", "updatedAt");
        first.GetProperty("version").GetInt32().Should().Be(1);
        first.GetProperty("keyId").GetString().Should().Be("test");
        replaced.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(replaced)).GetProperty("version").GetInt32().Should().Be(2);
        (await ApiFixture.ReadAsync(read)).GetProperty("version").GetInt32().Should().Be(2);
        (await ApiFixture.ReadAsync(list)).GetProperty("items").EnumerateArray().Should().Contain(i => i.GetProperty("name").GetString() == name);
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        readAfter.StatusCode.Should().Be(HttpStatusCode.NotFound);
        deletedAgain.StatusCode.Should().Be(HttpStatusCode.NotFound);
        foreach (var response in new[] { created, replaced, read, list })
        {
            (await response.Content.ReadAsStringAsync()).Should().NotContain(value);
        }
    }

    [Theory]
    [InlineData("has%20space")]
    [InlineData("-leading")]
    [InlineData("trailing-")]
    [InlineData("dot.ted")]
    [InlineData("..%2F..%2Fetc%2Fpasswd")]
    [InlineData("x'%3B%20DROP%20TABLE%20automation_secrets%3B--")]
    [InlineData("a0123456789012345678901234567890123456789012345678901234567890123")]
    public async Task AnyOperation_InvalidName_Returns400NamingTheName(string escapedName)
    {
        var put = await PutAsync(escapedName, Value("x"));
        var get = await fixture.Http.GetAsync($"/api/v1/secrets/{escapedName}");
        var delete = await fixture.Http.DeleteAsync($"/api/v1/secrets/{escapedName}");

        foreach (var response in new[] { put, get, delete })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ApiFixture.ReadAsync(response)).GetProperty("errors").GetProperty("name")[0].GetString().Should().Contain("not a valid secret name");
        }
    }

    [Theory]
    [InlineData("\"just a string\"", "$")]
    [InlineData("{}", "$.value")]
    [InlineData("""{ "value": null }""", "$.value")]
    [InlineData("""{ "value": 42 }""", "$.value")]
    [InlineData("""{ "value": "" }""", "$.value")]
    [InlineData("""{ "value": "ok", "note": "x" }""", "$.note")]
    public async Task Put_BadBody_Returns400NamingTheField(string body, string field)
    {
        var response = await PutAsync(Unique("bad"), body);
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Contain(field);
    }

    [Fact]
    public async Task Put_OversizeValue_Returns400NamingValueWithoutEchoingIt()
    {
        var value = "big" + new string('x', 32 * 1024);

        var response = await PutAsync(Unique("big"), Value(value));
        var text = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        JsonDocument.Parse(text).RootElement.GetProperty("errors").GetProperty("$.value")[0].GetString().Should().Contain("limit is 32768 bytes");
        text.Should().NotContain("bigxxxx");
    }

    [Fact]
    public async Task Put_MalformedJsonOrWrongTypeOrHugeBody_Answers4xxWithoutEchoingTheValue()
    {
        var malformed = await PutAsync(Unique("m"), """{ "value": "hunter2-secret" """);
        var wrongType = await PutAsync(Unique("m"), "value=hunter2-secret", "application/x-www-form-urlencoded");
        var huge = await PutAsync(Unique("m"), Value(new string('y', ApiFixture.MaxBodyBytes)));

        malformed.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await malformed.Content.ReadAsStringAsync()).Should().Contain("Malformed JSON").And.NotContain("hunter2");
        wrongType.StatusCode.Should().Be(HttpStatusCode.UnsupportedMediaType);
        (await wrongType.Content.ReadAsStringAsync()).Should().NotContain("hunter2");
        huge.StatusCode.Should().Be(HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task Put_WithoutAnyKeyConfigured_Returns409NamingTheSetting()
    {
        await using var api = fixture.CreateApi(secrets: false);
        using var http = api.CreateDefaultClient(new ContractValidatingHandler(fixture.Contract));
        http.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", fixture.Http.DefaultRequestHeaders.GetValues("Authorization"));

        var response = await http.PutAsync($"/api/v1/secrets/{Unique("off")}", new StringContent(Value("x"), Encoding.UTF8, "application/json"));
        var list = await http.GetAsync("/api/v1/secrets");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ApiFixture.ReadAsync(response)).GetProperty("detail").GetString().Should().Contain("Automation:Secrets:Keys");
        list.StatusCode.Should().Be(HttpStatusCode.OK, "metadata needs no key");
    }

    [Fact]
    public async Task Definition_SecretNamedFromData_Returns400AtRegistration()
    {
        var response = await fixture.PutDefinitionAsync(Unique("def"), """
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "http://x/", "headers": { "Authorization": "{{ secrets[input.which] }}" } } } ] }
        """);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(response)).GetProperty("errors").GetProperty("$.steps[0].with.headers.Authorization")[0].GetString()
            .Should().Contain("named literally");
    }

    [Fact]
    public async Task HttpStep_BearerSecret_TargetGetsTheValueAndNoResponseHistoryOrLogHoldsIt()
    {
        var secret = Unique("token");
        var value = "tok-" + Guid.NewGuid().ToString("N");
        (await PutAsync(secret, Value(value))).StatusCode.Should().Be(HttpStatusCode.Created);
        var definition = Unique("secret-flow");
        var target = fixture.Target.BaseUrl;
        var registered = await fixture.PutDefinitionAsync(definition, $$$"""
        { "steps": [
            { "id": "call", "type": "http", "with": {
                "method": "POST", "url": "{{{target}}}/inspect?key={{ secrets.{{{secret}}} }}",
                "headers": { "Authorization": "Bearer {{ secrets.{{{secret}}} }}" }, "body": { "token": "{{ secrets.{{{secret}}} }}" } } },
            { "id": "reject", "type": "http", "dependsOn": ["call"], "with": { "url": "{{{target}}}/status/403?api_key={{ secrets.{{{secret}}} }}" } } ],
          "output": { "echo": "{{ steps.call.output.body }}" } }
        """);
        registered.StatusCode.Should().Be(HttpStatusCode.Created);

        var start = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{definition}}" }""");
        var id = (await ApiFixture.ReadAsync(start)).GetProperty("workflowId").GetString();
        var workflow = await fixture.Http.GetAsync($"/api/v1/workflows/{id}?wait=30s");
        var history = await fixture.Http.GetAsync($"/api/v1/workflows/{id}/history");
        var workflowText = await workflow.Content.ReadAsStringAsync();
        var historyText = await history.Content.ReadAsStringAsync();

        var received = JsonDocument.Parse(fixture.Target.Inspected.Single(i => i.Contains(value, StringComparison.Ordinal))).RootElement;
        received.GetProperty("authorization").GetString().Should().Be("Bearer " + value);
        received.GetProperty("query").GetString().Should().Be("?key=" + value);
        var done = JsonDocument.Parse(workflowText).RootElement;
        done.GetProperty("status").GetString().Should().Be("Failed", "the second step gets a 403");
        var steps = done.GetProperty("steps").EnumerateArray().ToList();
        var echo = steps[0].GetProperty("output").GetProperty("body");
        echo.GetProperty("authorization").GetString().Should().Be("Bearer ***");
        echo.GetProperty("query").GetString().Should().Be("?key=***");
        echo.GetProperty("body").GetString().Should().Be("{\"token\":\"***\"}");
        steps[1].GetProperty("error").GetProperty("message").GetString().Should().Contain($"api_key=${{secret:{secret}}}");
        workflowText.Should().NotContain(value);
        historyText.Should().NotContain(value).And.Contain("StepFailed");
        fixture.Logs.Lines.Should().NotBeEmpty().And.NotContain(line => line.Contains(value, StringComparison.Ordinal));
    }
}
