using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Api.Security;

namespace Automation.Api.Tests.Security;

/// <summary>
/// Sign-in (<c>POST /auth/token</c>), refresh token rotation and logout: failures tell nothing about the account,
/// repeated failures lock it, a reused refresh token revokes its family. Each test uses its own users.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class SignInTests(ApiFixture fixture)
{
    [Fact]
    public async Task CreateToken_WrongPasswordOrUnknownUser_AnswersTheSame401()
    {
        var user = await fixture.CreateUserAsync("signin-same", [BuiltInRoles.Viewer]);

        var wrongPassword = await SignInAsync(user, "Wrong-Passw0rd-entirely");
        var unknownUser = await SignInAsync("nobody-" + Guid.NewGuid().ToString("N"), "Wrong-Passw0rd-entirely");

        wrongPassword.Status.Should().Be(HttpStatusCode.Unauthorized);
        unknownUser.Status.Should().Be(HttpStatusCode.Unauthorized);
        unknownUser.Challenge.Should().Be(wrongPassword.Challenge).And.NotBeNullOrEmpty();
        unknownUser.Shape.Should().Equal(wrongPassword.Shape, "the answer must not tell whether the user exists");
        wrongPassword.Shape.Keys.Should().NotContain("mfaRequired");
    }

    // Found by scripts/api-fuzz.sh: a NUL in the username reached PostgreSQL, which refused it, and the API answered
    // 503 "database unavailable" instead of the 401 of any unknown user.
    [Fact]
    public async Task CreateToken_UsernameWithNul_AnswersLikeAnUnknownUser()
    {
        var unknownUser = await SignInAsync("nobody-" + Guid.NewGuid().ToString("N"), "Wrong-Passw0rd-entirely");

        var nul = await SignInAsync("admin\0", "Wrong-Passw0rd-entirely");

        nul.Status.Should().Be(HttpStatusCode.Unauthorized);
        nul.Shape.Should().Equal(unknownUser.Shape);
    }

    [Fact]
    public async Task CreateToken_AfterMaxFailures_RefusesEvenTheRightPasswordAndAuditsNoSecret()
    {
        var user = await fixture.CreateUserAsync("signin-lock", [BuiltInRoles.Viewer]);
        var maxFailures = new AuthOptions().MaxFailedSignIns;
        var wrongPasswords = Enumerable.Range(0, maxFailures).Select(i => $"Wrong-Passw0rd-{i}-{Guid.NewGuid():N}").ToList();

        var failures = new List<Attempt>();
        foreach (var wrong in wrongPasswords)
        {
            failures.Add(await SignInAsync(user, wrong));
        }

        var rightPassword = await SignInAsync(user, SecurityArrange.Password);
        var stored = await fixture.FindUserAsync(user);
        var audited = await fixture.ScalarAsync("SELECT count(*) FROM automation_audit WHERE action = 'auth.token' AND target = @p AND outcome = 'failure'", user);
        var lockAudited = await fixture.ScalarAsync("SELECT count(*) FROM automation_audit WHERE target = @p AND detail ->> 'reason' = 'locked'", user);
        var leaks = new List<string>();
        foreach (var secret in wrongPasswords.Append(SecurityArrange.Password))
        {
            leaks.AddRange(await LeaksAsync(secret));
        }

        failures.Should().OnlyContain(f => f.Status == HttpStatusCode.Unauthorized);
        rightPassword.Status.Should().Be(HttpStatusCode.Unauthorized, "a locked account refuses the right password too");
        rightPassword.Shape.Should().Equal(failures[0].Shape, "a locked account answers like a wrong password");
        stored.FailedLogins.Should().Be(maxFailures);
        stored.LockedUntil.Should().BeAfter(DateTimeOffset.UtcNow);
        audited.Should().Be((long)maxFailures + 1, "every refused attempt is audited");
        lockAudited.Should().Be(1L, "the audit trail (not the caller) learns why");
        leaks.Should().BeEmpty("no password, tried or right, is stored anywhere in clear");
    }

    [Fact]
    public async Task CreateToken_DisabledUser_AnswersLikeAWrongPassword()
    {
        var user = await fixture.CreateUserAsync("signin-disabled", [BuiltInRoles.Admin], disabled: true);
        var other = await fixture.CreateUserAsync("signin-enabled", [BuiltInRoles.Viewer]);

        var disabled = await SignInAsync(user, SecurityArrange.Password);
        var wrongPassword = await SignInAsync(other, "Wrong-Passw0rd-entirely");

        disabled.Status.Should().Be(HttpStatusCode.Unauthorized);
        disabled.Shape.Should().Equal(wrongPassword.Shape);
    }

    [Fact]
    public async Task Refresh_WithValidToken_RotatesItAndTheOldOneStopsWorking()
    {
        var user = await fixture.CreateUserAsync("signin-rotate", [BuiltInRoles.Viewer]);
        var first = await SignInAsync(user, SecurityArrange.Password);

        var rotated = await RefreshAsync(first.RefreshToken);
        using var client = fixture.CreateClient("Bearer " + rotated.AccessToken);
        var me = await client.GetAsync("/api/v1/auth/me");
        var again = await RefreshAsync(first.RefreshToken);

        first.Status.Should().Be(HttpStatusCode.OK);
        rotated.Status.Should().Be(HttpStatusCode.OK);
        rotated.RefreshToken.Should().NotBe(first.RefreshToken);
        me.StatusCode.Should().Be(HttpStatusCode.OK);
        again.Status.Should().Be(HttpStatusCode.Unauthorized, "a refresh token is good once");
        again.Challenge.Should().NotBeNullOrEmpty();
    }

    [Fact]
    public async Task Refresh_ReuseOfRotatedToken_RevokesItsFamilyButNotOtherSignIns()
    {
        var user = await fixture.CreateUserAsync("signin-reuse", [BuiltInRoles.Viewer]);
        var stolen = await SignInAsync(user, SecurityArrange.Password);
        var otherDevice = await SignInAsync(user, SecurityArrange.Password);
        var legitimate = await RefreshAsync(stolen.RefreshToken);

        var reuse = await RefreshAsync(stolen.RefreshToken);
        var newestOfFamily = await RefreshAsync(legitimate.RefreshToken);
        var otherFamily = await RefreshAsync(otherDevice.RefreshToken);

        legitimate.Status.Should().Be(HttpStatusCode.OK);
        reuse.Status.Should().Be(HttpStatusCode.Unauthorized);
        newestOfFamily.Status.Should().Be(HttpStatusCode.Unauthorized, "reuse of a rotated token revokes every token descended from that sign-in");
        otherFamily.Status.Should().Be(HttpStatusCode.OK, "another sign-in of the same user is another family");
    }

    [Fact]
    public async Task Logout_WithOwnRefreshToken_RevokesItsFamily()
    {
        var user = await fixture.CreateUserAsync("signin-logout", [BuiltInRoles.Viewer]);
        var signIn = await SignInAsync(user, SecurityArrange.Password);
        var rotated = await RefreshAsync(signIn.RefreshToken);
        using var client = fixture.CreateClient("Bearer " + rotated.AccessToken);

        var logout = await client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = rotated.RefreshToken });
        var refresh = await RefreshAsync(rotated.RefreshToken);

        logout.StatusCode.Should().Be(HttpStatusCode.NoContent);
        refresh.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task Logout_WithAnotherUsersRefreshToken_RevokesNothing()
    {
        var victim = await fixture.CreateUserAsync("signin-victim", [BuiltInRoles.Viewer]);
        var attacker = await fixture.CreateUserAsync("signin-attacker", [BuiltInRoles.Viewer]);
        var victimSignIn = await SignInAsync(victim, SecurityArrange.Password);
        using var client = fixture.CreateClient("Bearer " + await fixture.SignInAsync(attacker, SecurityArrange.Password));

        var logout = await client.PostAsJsonAsync("/api/v1/auth/logout", new { refreshToken = victimSignIn.RefreshToken });
        var refresh = await RefreshAsync(victimSignIn.RefreshToken);

        logout.StatusCode.Should().Be(HttpStatusCode.NoContent, "the answer does not tell whether the token exists");
        refresh.Status.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Refresh_AfterUserDisabled_IsRefused()
    {
        var user = await fixture.CreateUserAsync("signin-later-disabled", [BuiltInRoles.Viewer]);
        var signIn = await SignInAsync(user, SecurityArrange.Password);
        await fixture.UpdateUserAsync(await fixture.FindUserAsync(user) with { Disabled = true });

        var refresh = await RefreshAsync(signIn.RefreshToken);

        refresh.Status.Should().Be(HttpStatusCode.Unauthorized);
    }

    private async Task<Attempt> SignInAsync(string username, string password)
    {
        using var anonymous = fixture.CreateClient();
        return await Attempt.ReadAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password }));
    }

    private async Task<Attempt> RefreshAsync(string? refreshToken)
    {
        using var anonymous = fixture.CreateClient();
        return await Attempt.ReadAsync(await anonymous.PostAsJsonAsync("/api/v1/auth/refresh", new { refreshToken }));
    }

    // Every place a password could end up in clear: the audit trail and the users table (hashes only).
    private async Task<IEnumerable<string>> LeaksAsync(string secret)
    {
        var audit = (long)(await fixture.ScalarAsync("SELECT count(*) FROM automation_audit a WHERE strpos(a::text, @p) > 0", secret))!;
        var users = (long)(await fixture.ScalarAsync("SELECT count(*) FROM automation_users u WHERE strpos(u::text, @p) > 0", secret))!;
        var leaks = new List<string>();
        if (audit > 0)
        {
            leaks.Add($"automation_audit holds '{secret}'");
        }

        if (users > 0)
        {
            leaks.Add($"automation_users holds '{secret}'");
        }

        return leaks;
    }

    /// <summary>A sign-in or refresh answer.</summary>
    private sealed record Attempt(HttpStatusCode Status, string? Challenge, IReadOnlyDictionary<string, string> Shape, string? AccessToken, string? RefreshToken)
    {
        public static async Task<Attempt> ReadAsync(HttpResponseMessage response)
        {
            using (response)
            {
                var body = await ApiFixture.ReadAsync(response);

                // The problem's shape and text, without what differs per request.
                var shape = body.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value.GetRawText(), StringComparer.Ordinal);
                return new Attempt(
                    response.StatusCode,
                    response.Headers.WwwAuthenticate.ToString(),
                    shape,
                    body.TryGetProperty("accessToken", out var access) ? access.GetString() : null,
                    body.TryGetProperty("refreshToken", out var refresh) && refresh.ValueKind == JsonValueKind.String ? refresh.GetString() : null);
            }
        }
    }
}
