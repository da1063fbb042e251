using System.Net;
using System.Net.Http.Json;

namespace Automation.Api.Tests.Security;

/// <summary>
/// A 403 says which permission is missing (<c>"permission"</c> in the problem details), so that a client such as the
/// console's 403 page can name it (issue 14).
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class ForbiddenProblemTests(ApiFixture fixture)
{
    private const string Password = "forbidden-Probe-4-lamp";
    private const string Simple = """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";

    [Fact]
    public async Task ListUsers_AsViewer_Answers403ProblemNamingUsersAdmin()
    {
        var username = await CreateUserAsync("viewer", "viewer");
        using var viewer = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));

        var response = await viewer.GetAsync("/api/v1/users");
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("status").GetInt32().Should().Be(403);
        problem.GetProperty("title").GetString().Should().Be("Forbidden");
        problem.GetProperty("type").GetString().Should().Be("https://tools.ietf.org/html/rfc9110#section-15.5.4");
        problem.GetProperty("permission").GetString().Should().Be("users:admin");
        problem.GetProperty("detail").GetString().Should().Contain("'users:admin'");
        problem.TryGetProperty("traceId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task Write_WithReadOnlyApiKey_Answers403ProblemNamingTheWritePermission()
    {
        var created = await fixture.Http.PostAsJsonAsync("/api/v1/api-keys", new { name = "forbidden-probe", permissions = new[] { "definitions:read" } });
        created.StatusCode.Should().Be(HttpStatusCode.Created);
        var key = (await ApiFixture.ReadAsync(created)).GetProperty("key").GetString();
        using var reader = fixture.CreateClient("ApiKey " + key);

        var response = await reader.PutAsync("/api/v1/definitions/" + NewName("def"), new StringContent(Simple, System.Text.Encoding.UTF8, "application/json"));
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        problem.GetProperty("permission").GetString().Should().Be("definitions:write");
    }

    [Fact]
    public async Task StartWorkflow_OutsideANarrowedGrant_Answers403ProblemNamingThePermission()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var other = "build-" + suffix;
        (await fixture.PutDefinitionAsync(other, Simple)).StatusCode.Should().Be(HttpStatusCode.Created);
        var role = "deployer-" + suffix;
        (await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "workflows:start:deploy-*" } })).StatusCode.Should().Be(HttpStatusCode.Created);
        var username = await CreateUserAsync("deployer", role);
        using var deployer = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));

        var response = await deployer.PostAsJsonAsync("/api/v1/workflows", new { definition = other });
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        problem.GetProperty("permission").GetString().Should().Be("workflows:start");
        problem.GetProperty("detail").GetString().Should().Contain(other);
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/xml")]
    public async Task ListUsers_AsViewerAcceptingNoJson_StillAnswers403NamingThePermission(string accept)
    {
        var username = await CreateUserAsync("viewer", "viewer");
        using var viewer = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/users");
        request.Headers.Accept.ParseAdd(accept);

        var response = await viewer.SendAsync(request);
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden, "no problem writer accepts " + accept + ": the 403 must not become a 500");
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        problem.GetProperty("permission").GetString().Should().Be("users:admin");
        problem.TryGetProperty("traceId", out _).Should().BeTrue();
    }

    [Fact]
    public async Task ReadWorkflow_OutsideANarrowedGrant_Answers403WithoutNamingItsDefinition()
    {
        var suffix = Guid.NewGuid().ToString("N")[..8];
        var other = "secret-" + suffix;
        (await fixture.PutDefinitionAsync(other, Simple)).StatusCode.Should().Be(HttpStatusCode.Created);
        var started = await fixture.Http.PostAsJsonAsync("/api/v1/workflows", new { definition = other });
        started.StatusCode.Should().Be(HttpStatusCode.Created);
        var workflowId = (await ApiFixture.ReadAsync(started)).GetProperty("workflowId").GetString();
        var role = "reader-" + suffix;
        (await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "workflows:read:deploy-*" } })).StatusCode.Should().Be(HttpStatusCode.Created);
        var username = await CreateUserAsync("reader", role);
        using var reader = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));

        var response = await reader.GetAsync($"/api/v1/workflows/{workflowId}");
        var list = await reader.GetAsync("/api/v1/workflows");
        var text = await response.Content.ReadAsStringAsync();
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        problem.GetProperty("permission").GetString().Should().Be("workflows:read");
        text.Should().NotContain(other, "a caller who may not read the workflow is not told what it runs");
        list.StatusCode.Should().Be(HttpStatusCode.Forbidden, "a narrowed grant lists one definition at a time");
        (await ApiFixture.ReadAsync(list)).GetProperty("permission").GetString().Should().Be("workflows:read");
    }

    [Fact]
    public async Task Anonymous_Answers401WithoutAPermission()
    {
        using var anonymous = fixture.CreateClient();

        var response = await anonymous.GetAsync("/api/v1/users");
        var body = await response.Content.ReadAsStringAsync();

        response.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        body.Should().NotContain("\"permission\"", "who is not signed in is told to sign in, not what is missing");
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    private async Task<string> CreateUserAsync(string prefix, params string[] roles)
    {
        var username = NewName(prefix);
        var response = await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return username;
    }
}
