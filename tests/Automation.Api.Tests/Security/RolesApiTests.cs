using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Automation.Api.Security;

namespace Automation.Api.Tests.Security;

/// <summary><c>/api/v1/roles</c> and <c>/api/v1/permissions</c> end to end: built-in and custom roles, grants, bad input.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class RolesApiTests(ApiFixture fixture)
{
    private const string Password = "correct-Horse-7-battery";

    [Fact]
    public async Task List_BuiltInRoles_AreThereWithTheirGrants()
    {
        var response = await fixture.Http.GetAsync("/api/v1/roles");
        var roles = (await ApiFixture.ReadAsync(response)).GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("name").GetString()!);
        var viewer = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/roles/viewer"));

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        roles.Keys.Should().Contain(BuiltInRoles.All.Keys);
        roles["admin"].GetProperty("builtIn").GetBoolean().Should().BeTrue();
        Grants(roles["admin"]).Should().Equal("*");
        Grants(viewer).Should().BeEquivalentTo(BuiltInRoles.All["viewer"]);
        viewer.GetProperty("createdAt").ValueKind.Should().Be(JsonValueKind.Null);
    }

    [Fact]
    public async Task ListPermissions_Always_ListsEveryPermissionWithItsDescription()
    {
        var response = await fixture.Http.GetAsync("/api/v1/permissions");
        var items = (await ApiFixture.ReadAsync(response)).GetProperty("items").EnumerateArray()
            .ToDictionary(p => p.GetProperty("name").GetString()!, p => p.GetProperty("description").GetString());

        response.StatusCode.Should().Be(HttpStatusCode.OK);
        items.Should().BeEquivalentTo(Permissions.All);
    }

    [Fact]
    public async Task Put_CustomRoleNarrowedToDeploy_CreatesThenReplacesAndItsMemberCanStartOnlyThat()
    {
        var role = NewName("deployer");
        var definition = "deploy-" + Guid.NewGuid().ToString("N");
        (await fixture.PutDefinitionAsync(definition, """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }"""))
            .StatusCode.Should().Be(HttpStatusCode.Created);

        var created = await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "workflows:start:deploy-*" } });
        var replaced = await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "workflows:start:deploy-*", "workflows:read:deploy-*" } });
        var read = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/roles/{role}"));
        var username = NewName("deploy-bot");
        (await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles = new[] { role } })).StatusCode.Should().Be(HttpStatusCode.Created);
        using var member = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));
        var me = await ApiFixture.ReadAsync(await member.GetAsync("/api/v1/auth/me"));
        var start = await member.PostAsJsonAsync("/api/v1/workflows", new { definition });
        var definitions = await member.GetAsync("/api/v1/definitions");
        var cancel = await member.PostAsync($"/api/v1/workflows/{definition}-x/cancel", null);

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/roles/{role}");
        replaced.StatusCode.Should().Be(HttpStatusCode.OK);
        Grants(read).Should().Equal("workflows:start:deploy-*", "workflows:read:deploy-*");
        read.GetProperty("builtIn").GetBoolean().Should().BeFalse();
        read.GetProperty("requireMfa").GetBoolean().Should().BeFalse();
        me.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).Should().BeEquivalentTo("workflows:start:deploy-*", "workflows:read:deploy-*");
        start.StatusCode.Should().Be(HttpStatusCode.Created);
        definitions.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        cancel.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task Put_InvalidGrants_Returns400NamingEachIndexWithTheRule()
    {
        var role = NewName("bad-grants");

        var response = await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "definitions:read", "nope:x", "workflows:start:a b", "workflows:*:x", "" } });
        var problem = await ApiFixture.ReadAsync(response);
        var get = await fixture.Http.GetAsync($"/api/v1/roles/{role}");

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        errors.EnumerateObject().Select(e => e.Name).Should().BeEquivalentTo("$.permissions[1]", "$.permissions[2]", "$.permissions[3]", "$.permissions[4]");
        errors.GetProperty("$.permissions[1]")[0].GetString().Should().Contain(PermissionGrant.Rule);
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Put_BuiltInRole_OnlyRequireMfaMayChange()
    {
        var grants = BuiltInRoles.All["agent"];

        var widened = await fixture.Http.PutAsJsonAsync("/api/v1/roles/agent", new { permissions = grants.Append("workflows:start"), requireMfa = false });
        var mfaOn = await fixture.Http.PutAsJsonAsync("/api/v1/roles/agent", new { permissions = grants.Reverse(), requireMfa = true });
        var read = await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/roles/agent"));
        var mfaOff = await fixture.Http.PutAsJsonAsync("/api/v1/roles/agent", new { permissions = grants, requireMfa = false });

        widened.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(widened)).GetProperty("errors").TryGetProperty("$.permissions", out _).Should().BeTrue();
        mfaOn.StatusCode.Should().Be(HttpStatusCode.OK);
        read.GetProperty("requireMfa").GetBoolean().Should().BeTrue();
        read.GetProperty("builtIn").GetBoolean().Should().BeTrue();
        Grants(read).Should().BeEquivalentTo(grants);
        mfaOff.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(mfaOff)).GetProperty("requireMfa").GetBoolean().Should().BeFalse();
    }

    [Fact]
    public async Task Delete_CustomRole_409WhileHeldThen204()
    {
        var role = NewName("temp");
        (await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "definitions:read" } })).StatusCode.Should().Be(HttpStatusCode.Created);
        var username = NewName("holder");
        (await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles = new[] { role } })).StatusCode.Should().Be(HttpStatusCode.Created);

        var held = await fixture.Http.DeleteAsync($"/api/v1/roles/{role}");
        await fixture.Http.PatchAsync($"/api/v1/users/{username}", new StringContent("""{ "roles": [] }""", Encoding.UTF8, "application/json"));
        var deleted = await fixture.Http.DeleteAsync($"/api/v1/roles/{role}");
        var again = await fixture.Http.DeleteAsync($"/api/v1/roles/{role}");
        var get = await fixture.Http.GetAsync($"/api/v1/roles/{role}");

        held.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ApiFixture.ReadAsync(held)).GetProperty("detail").GetString().Should().Contain(username);
        deleted.StatusCode.Should().Be(HttpStatusCode.NoContent);
        again.StatusCode.Should().Be(HttpStatusCode.NotFound);
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Delete_BuiltInRole_Returns409()
    {
        var response = await fixture.Http.DeleteAsync("/api/v1/roles/viewer");

        response.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ApiFixture.ReadAsync(response)).GetProperty("detail").GetString().Should().Contain("built-in");
    }

    [Theory]
    [InlineData("..%2Fx")]
    [InlineData("a%20b")]
    [InlineData("%27%3B%20DROP%20TABLE%20automation_roles%3B")]
    [InlineData("%7B%7Bx%7D%7D")]
    [InlineData("a%3Ab")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Routes_BadRoleName_Return400NamingTheParameter(string escaped)
    {
        var get = await fixture.Http.GetAsync($"/api/v1/roles/{escaped}");
        var put = await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{escaped}", new { permissions = new[] { "definitions:read" } });
        var delete = await fixture.Http.DeleteAsync($"/api/v1/roles/{escaped}");

        foreach (var response in new[] { get, put, delete })
        {
            response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
            (await ApiFixture.ReadAsync(response)).GetProperty("errors").TryGetProperty("name", out _).Should().BeTrue();
        }
    }

    [Theory]
    [InlineData("""{ "permissions": "definitions:read" }""", "$.permissions")]
    [InlineData("""{ "permissions": [], "requireMfa": "no" }""", "$.requireMfa")]
    [InlineData("""{ "permissions": [], "builtIn": true }""", "$.builtIn")]
    [InlineData("""{ "permissions": [null] }""", "$.permissions[0]")]
    [InlineData("""{ }""", "$")]
    public async Task Put_MalformedBody_Returns400NamingTheField(string json, string field)
    {
        var response = await fixture.Http.PutAsync($"/api/v1/roles/{NewName("malformed")}", new StringContent(json, Encoding.UTF8, "application/json"));

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        (await ApiFixture.ReadAsync(response)).GetProperty("errors").TryGetProperty(field, out _).Should().BeTrue(field);
    }

    [Fact]
    public async Task Put_BeyondTheCallersGrants_Returns403()
    {
        var adminRole = NewName("useradmin");
        (await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{adminRole}", new { permissions = new[] { "users:admin", "definitions:read" } }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var username = NewName("ua");
        (await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles = new[] { adminRole } })).StatusCode.Should().Be(HttpStatusCode.Created);
        using var userAdmin = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));

        var widen = await userAdmin.PutAsJsonAsync($"/api/v1/roles/{NewName("wide")}", new { permissions = new[] { "workflows:*" } });
        var widenOwn = await userAdmin.PutAsJsonAsync($"/api/v1/roles/{adminRole}", new { permissions = new[] { "*" } });
        var relaxAdmin = await userAdmin.PutAsJsonAsync("/api/v1/roles/admin", new { permissions = new[] { "*" }, requireMfa = false });
        var within = await userAdmin.PutAsJsonAsync($"/api/v1/roles/{NewName("reader")}", new { permissions = new[] { "definitions:read" } });

        widen.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        widenOwn.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        relaxAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        within.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    private static IEnumerable<string?> Grants(JsonElement role) => role.GetProperty("permissions").EnumerateArray().Select(p => p.GetString());
}
