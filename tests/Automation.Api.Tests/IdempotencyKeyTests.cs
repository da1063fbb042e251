using System.Net;
using System.Text;

namespace Automation.Api.Tests;

/// <summary>
/// <c>Idempotency-Key</c> on <c>POST /api/v1/workflows</c>: a client's own retry of a start (its first answer lost, e.g.
/// timed out) is answered <c>201</c> like the first, for the same workflow; another request for that workflow id is
/// told <c>200</c> "already exists".
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class IdempotencyKeyTests(ApiFixture fixture)
{
    [Fact]
    public async Task SameKeyTwice_WithWorkflowId_BothAnswered201ForTheSameWorkflow_AnotherKeyGets200()
    {
        var name = await DefineAsync();
        var id = "order-" + Guid.NewGuid().ToString("N");
        var key = Guid.NewGuid().ToString();
        var body = $$"""{ "definition": "{{name}}", "workflowId": "{{id}}" }""";

        var first = await StartAsync(body, key);
        var retry = await StartAsync(body, key);
        var other = await StartAsync(body, Guid.NewGuid().ToString());
        var none = await StartAsync(body, null);

        first.StatusCode.Should().Be(HttpStatusCode.Created);
        retry.StatusCode.Should().Be(HttpStatusCode.Created, "a retry with the key of the request that created the workflow");
        retry.Headers.Location!.ToString().Should().Be($"/api/v1/workflows/{id}");
        (await ApiFixture.ReadAsync(retry)).GetProperty("workflowId").GetString().Should().Be(id);
        other.StatusCode.Should().Be(HttpStatusCode.OK, "another request for the same workflow id");
        none.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task SameKeyTwice_WithoutWorkflowId_BothAnswered201ForOneWorkflowNamedByTheKey()
    {
        var name = await DefineAsync();
        var key = "k-" + Guid.NewGuid().ToString("N");
        var body = $$"""{ "definition": "{{name}}" }""";

        var first = await ApiFixture.ReadAsync(await StartAsync(body, key, HttpStatusCode.Created));
        var retry = await ApiFixture.ReadAsync(await StartAsync(body, key, HttpStatusCode.Created));
        var unkeyed = await ApiFixture.ReadAsync(await StartAsync(body, null, HttpStatusCode.Created));
        var list = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/workflows?definition={name}"));

        retry.GetProperty("workflowId").GetString().Should().Be(first.GetProperty("workflowId").GetString());
        Guid.TryParse(first.GetProperty("workflowId").GetString(), out _).Should().BeTrue("the id made from the key is a UUID");
        unkeyed.GetProperty("workflowId").GetString().Should().NotBe(first.GetProperty("workflowId").GetString());
        list.GetProperty("items").GetArrayLength().Should().Be(2, "the retry started nothing new");
    }

    [Fact]
    public async Task SameKey_ForAnotherDefinition_Answers409()
    {
        var name = await DefineAsync();
        var other = await DefineAsync();
        var key = Guid.NewGuid().ToString();

        await StartAsync($$"""{ "definition": "{{name}}" }""", key, HttpStatusCode.Created);
        var reused = await StartAsync($$"""{ "definition": "{{other}}" }""", key);

        reused.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ApiFixture.ReadAsync(reused)).GetProperty("detail").GetString().Should().Contain("Idempotency-Key").And.Contain(name);
    }

    [Theory]
    [InlineData("has space")]
    [InlineData("ünïcode")]
    public async Task InvalidKey_Answers400NamingTheHeader(string key)
    {
        var name = await DefineAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workflows")
        {
            Content = new StringContent($$"""{ "definition": "{{name}}" }""", Encoding.UTF8, "application/json"),
        };
        request.Headers.TryAddWithoutValidation("Idempotency-Key", key);

        var response = await fixture.Http.SendAsync(request);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(response)).GetProperty("errors").TryGetProperty("Idempotency-Key", out _).Should().BeTrue();
    }

    private async Task<string> DefineAsync()
    {
        var name = "idem-" + Guid.NewGuid().ToString("N");
        var response = await fixture.PutDefinitionAsync(name, """{ "steps": [ { "id": "a", "type": "delay", "with": { "duration": "1h" } } ] }""");
        response.StatusCode.Should().Be(HttpStatusCode.Created);
        return name;
    }

    private async Task<HttpResponseMessage> StartAsync(string body, string? key, HttpStatusCode? expected = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workflows") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (key is not null)
        {
            request.Headers.Add("Idempotency-Key", key);
        }

        var response = await fixture.Http.SendAsync(request);
        if (expected is { } status)
        {
            response.StatusCode.Should().Be(status, await response.Content.ReadAsStringAsync());
        }

        return response;
    }
}
