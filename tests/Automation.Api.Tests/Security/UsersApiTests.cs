using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using OtpNet;

namespace Automation.Api.Tests.Security;

/// <summary><c>/api/v1/users</c> end to end: create, sign in with the roles given, change, protect the last admin, bad input.</summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class UsersApiTests(ApiFixture fixture)
{
    private const string Password = "correct-Horse-7-battery";
    private const string OtherPassword = "another-Staple-9-paper";
    private const string Simple = """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";

    [Fact]
    public async Task Create_ViewerUser_CanReadDefinitionsButNotWrite()
    {
        var username = NewName("viewer");

        var created = await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles = new[] { "viewer" } });
        var user = await ApiFixture.ReadAsync(created);
        using var viewer = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));
        var read = await viewer.GetAsync("/api/v1/definitions");
        var write = await viewer.PutAsync("/api/v1/definitions/" + NewName("def"), Json(Simple));
        var admin = await viewer.GetAsync("/api/v1/users");

        created.StatusCode.Should().Be(HttpStatusCode.Created);
        created.Headers.Location!.ToString().Should().Be($"/api/v1/users/{username}");
        user.GetProperty("username").GetString().Should().Be(username);
        user.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("viewer");
        user.GetProperty("disabled").GetBoolean().Should().BeFalse();
        user.GetProperty("locked").GetBoolean().Should().BeFalse();
        read.StatusCode.Should().Be(HttpStatusCode.OK);
        write.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        admin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task ListAndGet_CreatedUser_NeverShowACredential()
    {
        var username = await CreateUserAsync("listed", "viewer");

        var list = await fixture.Http.GetAsync("/api/v1/users");
        var listJson = await list.Content.ReadAsStringAsync();
        var one = await fixture.Http.GetAsync($"/api/v1/users/{username}");
        var user = await ApiFixture.ReadAsync(one);

        list.StatusCode.Should().Be(HttpStatusCode.OK);
        JsonDocument.Parse(listJson).RootElement.GetProperty("items").EnumerateArray()
            .Select(u => u.GetProperty("username").GetString()).Should().Contain([ApiFixture.AdminUser, username]);
        one.StatusCode.Should().Be(HttpStatusCode.OK);
        user.EnumerateObject().Select(p => p.Name).Should().BeEquivalentTo(
            "username", "roles", "disabled", "locked", "lockedUntil", "mfaEnabled", "createdAt", "updatedAt");
        foreach (var secret in new[] { "passwordHash", "password", "mfaSecret", "recoveryCodes", "AQAAAA" })
        {
            listJson.Should().NotContain(secret);
        }
    }

    [Fact]
    public async Task Create_TakenUsername_Returns409()
    {
        var username = await CreateUserAsync("taken", "viewer");

        var again = await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles = Array.Empty<string>() });

        again.StatusCode.Should().Be(HttpStatusCode.Conflict);
        (await ApiFixture.ReadAsync(again)).GetProperty("detail").GetString().Should().Contain(username);
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("a b")]
    [InlineData("'; DROP TABLE automation_users; --")]
    [InlineData("{{x}}")]
    [InlineData("")]
    [InlineData("-leading")]
    [InlineData("line\n")]
    public async Task Create_BadUsername_Returns400NamingTheField(string username)
    {
        var response = await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles = Array.Empty<string>() });

        await ShouldBeBadRequestAsync(response, "$.username");
    }

    [Fact]
    public async Task Create_OversizeUsernameWeakPasswordAndUnknownRole_Returns400ListingEachField()
    {
        var response = await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username = new string('a', 65), password = "short", roles = new[] { "viewer", "no-such-role" } });

        var errors = await ShouldBeBadRequestAsync(response, "$.username", "$.password", "$.roles[1]");
        errors.Should().NotContainKey("$.roles[0]");
    }

    [Theory]
    [InlineData("""{ "username": "u1", "password": "correct-Horse-7-battery", "roles": [], "admin": true }""", "$.admin")]
    [InlineData("""{ "username": 5, "password": "correct-Horse-7-battery", "roles": [] }""", "$.username")]
    [InlineData("""{ "username": "u1", "password": "correct-Horse-7-battery", "roles": "admin" }""", "$.roles")]
    [InlineData("""{ "username": "u1", "password": "correct-Horse-7-battery", "roles": [null] }""", "$.roles[0]")]
    [InlineData("""{ "username": "u1" }""", "$")]
    [InlineData("""[]""", "$")]
    public async Task Create_MalformedBody_Returns400NamingTheField(string json, string field)
    {
        var response = await fixture.PostAsync("/api/v1/users", json);

        await ShouldBeBadRequestAsync(response, field);
    }

    [Theory]
    [InlineData("..%2Fx")]
    [InlineData("a%20b")]
    [InlineData("%27%3B%20DROP%20TABLE%20x%3B")]
    [InlineData("%7B%7Bx%7D%7D")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public async Task Routes_BadUsername_Return400NamingTheParameter(string escaped)
    {
        var get = await fixture.Http.GetAsync($"/api/v1/users/{escaped}");
        var patch = await fixture.Http.PatchAsync($"/api/v1/users/{escaped}", Json("""{ "disabled": true }"""));
        var delete = await fixture.Http.DeleteAsync($"/api/v1/users/{escaped}");

        await ShouldBeBadRequestAsync(get, "username");
        await ShouldBeBadRequestAsync(patch, "username");
        await ShouldBeBadRequestAsync(delete, "username");
    }

    [Fact]
    public async Task GetPatchDelete_UnknownUser_Return404()
    {
        var username = NewName("ghost");

        var get = await fixture.Http.GetAsync($"/api/v1/users/{username}");
        var patch = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json("""{ "unlock": true }"""));
        var delete = await fixture.Http.DeleteAsync($"/api/v1/users/{username}");

        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        patch.StatusCode.Should().Be(HttpStatusCode.NotFound);
        delete.StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("""{ }""", "$")]
    [InlineData("""{ "disabled": "yes" }""", "$.disabled")]
    [InlineData("""{ "password": "short" }""", "$.password")]
    [InlineData("""{ "roles": ["viewer", "nope"] }""", "$.roles[1]")]
    [InlineData("""{ "username": "renamed" }""", "$.username")]
    public async Task Update_BadBody_Returns400NamingTheField(string json, string field)
    {
        var username = await CreateUserAsync("patchbad", "viewer");

        var response = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json(json));

        await ShouldBeBadRequestAsync(response, field);
    }

    [Fact]
    public async Task Update_Password_RevokesRefreshTokensAndTheNewOneSignsIn()
    {
        var username = await CreateUserAsync("pwd", "viewer");
        var refreshToken = await RefreshTokenOfAsync(username, Password);

        var patch = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json($$"""{ "password": "{{OtherPassword}}" }"""));
        using var anonymous = fixture.CreateClient();
        var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
        var oldPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });
        var newPassword = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = OtherPassword });

        patch.StatusCode.Should().Be(HttpStatusCode.OK);
        refresh.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a password reset ends every session of the user");
        oldPassword.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        newPassword.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Update_DisableThenEnable_BlocksThenAllowsSignIn()
    {
        var username = await CreateUserAsync("disabled", "viewer");
        var refreshToken = await RefreshTokenOfAsync(username, Password);
        using var anonymous = fixture.CreateClient();

        var disable = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json("""{ "disabled": true }"""));
        var whileDisabled = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });
        var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
        var enable = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json("""{ "disabled": false }"""));
        var afterEnable = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });

        disable.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(disable)).GetProperty("disabled").GetBoolean().Should().BeTrue();
        whileDisabled.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refresh.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ApiFixture.ReadAsync(enable)).GetProperty("disabled").GetBoolean().Should().BeFalse();
        afterEnable.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Update_Roles_RevokeRefreshTokensAndApplyAtTheNextSignIn()
    {
        var username = await CreateUserAsync("promoted", "viewer");
        var refreshToken = await RefreshTokenOfAsync(username, Password);
        using var before = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));
        var writeBefore = await before.PutAsync("/api/v1/definitions/" + NewName("def"), Json(Simple));

        var patch = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json("""{ "roles": ["operator"] }"""));
        using var anonymous = fixture.CreateClient();
        var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });
        using var after = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));
        var writeAfter = await after.PutAsync("/api/v1/definitions/" + NewName("def"), Json(Simple));

        writeBefore.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        patch.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(patch)).GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Equal("operator");
        refresh.StatusCode.Should().Be(HttpStatusCode.Unauthorized, "a role change ends the user's sessions");
        writeAfter.StatusCode.Should().Be(HttpStatusCode.Created);
    }

    [Fact]
    public async Task Update_Unlock_LiftsALockout()
    {
        var username = await CreateUserAsync("locked", "viewer");
        using var anonymous = fixture.CreateClient();
        for (var i = 0; i < 5; i++)
        {
            await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "wrong-" + Password });
        }

        var locked = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/users/{username}"));
        var whileLocked = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });
        var unlock = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json("""{ "unlock": true }"""));
        var afterUnlock = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });

        locked.GetProperty("locked").GetBoolean().Should().BeTrue();
        locked.GetProperty("lockedUntil").ValueKind.Should().Be(JsonValueKind.String);
        whileLocked.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        unlock.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(unlock)).GetProperty("locked").GetBoolean().Should().BeFalse();
        afterUnlock.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Update_ResetMfa_LetsTheUserSignInWithoutACode()
    {
        var username = await CreateUserAsync("mfa", "viewer");
        using (var user = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password)))
        {
            var secret = (await ApiFixture.ReadAsync(await user.PostAsync("/api/v1/auth/mfa/enrol", null))).GetProperty("secret").GetString()!;
            var code = new Totp(Base32Encoding.ToBytes(secret)).ComputeTotp();
            (await user.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code })).StatusCode.Should().Be(HttpStatusCode.OK);
        }

        using var anonymous = fixture.CreateClient();
        var withoutCode = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });
        var reset = await fixture.Http.PatchAsync($"/api/v1/users/{username}", Json("""{ "resetMfa": true }"""));
        var afterReset = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });

        withoutCode.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        (await ApiFixture.ReadAsync(withoutCode)).GetProperty("mfaRequired").GetBoolean().Should().BeTrue();
        reset.StatusCode.Should().Be(HttpStatusCode.OK);
        (await ApiFixture.ReadAsync(reset)).GetProperty("mfaEnabled").GetBoolean().Should().BeFalse();
        afterReset.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Delete_User_Returns204RevokesTokensAndSignInFails()
    {
        var username = await CreateUserAsync("deleted", "viewer");
        var refreshToken = await RefreshTokenOfAsync(username, Password);
        using var anonymous = fixture.CreateClient();

        var delete = await fixture.Http.DeleteAsync($"/api/v1/users/{username}");
        var get = await fixture.Http.GetAsync($"/api/v1/users/{username}");
        var signIn = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = Password });
        var refresh = await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken });

        delete.StatusCode.Should().Be(HttpStatusCode.NoContent);
        get.StatusCode.Should().Be(HttpStatusCode.NotFound);
        signIn.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        refresh.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task LastAdmin_DeleteDisableOrDropRole_Returns409AndAnotherAdminCanBeRemoved()
    {
        // Only the fixture's admin may remain an enabled admin for the check to bite; other tests may have made admins.
        var others = (await ApiFixture.ReadAsync(await fixture.Http.GetAsync("/api/v1/users"))).GetProperty("items").EnumerateArray()
            .Where(u => u.GetProperty("username").GetString() != ApiFixture.AdminUser && !u.GetProperty("disabled").GetBoolean()
                && u.GetProperty("roles").EnumerateArray().Any(r => r.GetString() == "admin"))
            .Select(u => u.GetProperty("username").GetString()!).ToList();
        var second = await CreateUserAsync("second-admin", "admin");
        try
        {
            var dropSecond = await fixture.Http.PatchAsync($"/api/v1/users/{second}", Json("""{ "roles": ["viewer"] }"""));
            foreach (var other in others)
            {
                (await fixture.Http.PatchAsync($"/api/v1/users/{other}", Json("""{ "disabled": true }"""))).StatusCode.Should().Be(HttpStatusCode.OK);
            }

            var delete = await fixture.Http.DeleteAsync($"/api/v1/users/{ApiFixture.AdminUser}");
            var disable = await fixture.Http.PatchAsync($"/api/v1/users/{ApiFixture.AdminUser}", Json("""{ "disabled": true }"""));
            var dropRole = await fixture.Http.PatchAsync($"/api/v1/users/{ApiFixture.AdminUser}", Json("""{ "roles": ["operator"] }"""));
            var keepRole = await fixture.Http.PatchAsync($"/api/v1/users/{ApiFixture.AdminUser}", Json("""{ "roles": ["admin", "viewer"] }"""));
            var still = await ApiFixture.ReadAsync(await fixture.Http.GetAsync($"/api/v1/users/{ApiFixture.AdminUser}"));

            dropSecond.StatusCode.Should().Be(HttpStatusCode.OK, "another enabled admin remains");
            foreach (var refused in new[] { delete, disable, dropRole })
            {
                refused.StatusCode.Should().Be(HttpStatusCode.Conflict);
                (await ApiFixture.ReadAsync(refused)).GetProperty("detail").GetString().Should().Contain("last enabled user with the admin role");
            }

            keepRole.StatusCode.Should().Be(HttpStatusCode.OK);
            still.GetProperty("disabled").GetBoolean().Should().BeFalse();
            still.GetProperty("roles").EnumerateArray().Select(r => r.GetString()).Should().Contain("admin");
        }
        finally
        {
            (await fixture.Http.PatchAsync($"/api/v1/users/{ApiFixture.AdminUser}", Json("""{ "roles": ["admin"] }"""))).StatusCode.Should().Be(HttpStatusCode.OK);
            foreach (var other in others)
            {
                await fixture.Http.PatchAsync($"/api/v1/users/{other}", Json("""{ "disabled": false }"""));
            }
        }
    }

    [Fact]
    public async Task UserAdmin_CannotGiveOrTouchMorePowerfulAccounts_Returns403()
    {
        var role = NewName("useradmin");
        (await fixture.Http.PutAsJsonAsync($"/api/v1/roles/{role}", new { permissions = new[] { "users:admin", "definitions:read" } }))
            .StatusCode.Should().Be(HttpStatusCode.Created);
        var username = await CreateUserAsync("ua", role);
        var viewer = await CreateUserAsync("ua-target", "viewer");
        using var userAdmin = fixture.CreateClient("Bearer " + await fixture.SignInAsync(username, Password));

        var makeAdmin = await userAdmin.PostAsJsonAsync("/api/v1/users", new { username = NewName("evil"), password = Password, roles = new[] { "admin" } });
        var promoteSelf = await userAdmin.PatchAsync($"/api/v1/users/{username}", Json("""{ "roles": ["operator"] }"""));
        var resetAdmin = await userAdmin.PatchAsync($"/api/v1/users/{ApiFixture.AdminUser}", Json($$"""{ "password": "{{OtherPassword}}" }"""));
        var deleteAdmin = await userAdmin.DeleteAsync($"/api/v1/users/{ApiFixture.AdminUser}");
        var makeReader = await userAdmin.PostAsJsonAsync("/api/v1/users", new { username = NewName("reader"), password = Password, roles = Array.Empty<string>() });
        var disableViewer = await userAdmin.PatchAsync($"/api/v1/users/{viewer}", Json("""{ "disabled": true }"""));

        makeAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        (await ApiFixture.ReadAsync(makeAdmin)).GetProperty("detail").GetString().Should().Contain("\"*\"");
        promoteSelf.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        resetAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        deleteAdmin.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        makeReader.StatusCode.Should().Be(HttpStatusCode.Created);
        disableViewer.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the viewer role allows workflows:read, which the user admin does not hold");
        (await fixture.SignInAsync(ApiFixture.AdminUser, ApiFixture.AdminPassword)).Should().NotBeEmpty();
    }

    private static string NewName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 64)];

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task<string> CreateUserAsync(string prefix, params string[] roles)
    {
        var username = NewName(prefix);
        var response = await fixture.Http.PostAsJsonAsync("/api/v1/users", new { username, password = Password, roles });
        response.StatusCode.Should().Be(HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return username;
    }

    private async Task<string> RefreshTokenOfAsync(string username, string password)
    {
        using var anonymous = fixture.CreateClient();
        var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password });
        response.StatusCode.Should().Be(HttpStatusCode.OK);
        return (await ApiFixture.ReadAsync(response)).GetProperty("refreshToken").GetString()!;
    }

    private static async Task<IReadOnlyDictionary<string, JsonElement>> ShouldBeBadRequestAsync(HttpResponseMessage response, params string[] fields)
    {
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.Should().Be(HttpStatusCode.BadRequest, body);
        response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
        var errors = JsonDocument.Parse(body).RootElement.GetProperty("errors").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
        errors.Keys.Should().Contain(fields);
        return errors;
    }
}
