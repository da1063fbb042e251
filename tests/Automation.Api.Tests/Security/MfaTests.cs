using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Api.Security;
using Microsoft.IdentityModel.JsonWebTokens;
using OtpNet;

namespace Automation.Api.Tests.Security;

/// <summary>
/// TOTP enrolment and sign-in with a second factor (codes computed with Otp.NET, as an authenticator app would), recovery
/// codes, and roles that require MFA.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class MfaTests(ApiFixture fixture)
{
    [Fact]
    public async Task SignIn_AfterEnrolment_RequiresACodeAndRefusesItsReplay()
    {
        var user = await fixture.CreateUserAsync("mfa-totp", [BuiltInRoles.Viewer]);
        var (totp, enrolment, _) = await EnrolAsync(user);

        var withoutCode = await SignInAsync(user);
        var code = NextCode(totp);
        var withCode = await SignInAsync(user, code);
        var replay = await SignInAsync(user, code);

        enrolment.GetProperty("otpauthUri").GetString().Should().StartWith("otpauth://totp/").And.Contain(enrolment.GetProperty("secret").GetString());
        withoutCode.Status.Should().Be(HttpStatusCode.Unauthorized);
        withoutCode.Body.GetProperty("mfaRequired").GetBoolean().Should().BeTrue();
        withCode.Status.Should().Be(HttpStatusCode.OK);
        new JsonWebToken(withCode.AccessToken).Claims.Where(c => c.Type == "amr").Select(c => c.Value).Should().BeEquivalentTo("pwd", "mfa");
        replay.Status.Should().Be(HttpStatusCode.Unauthorized, "a TOTP code is good once");
        replay.Body.GetProperty("mfaRequired").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task SignIn_WithRecoveryCode_WorksOnce()
    {
        var user = await fixture.CreateUserAsync("mfa-recovery", [BuiltInRoles.Viewer]);
        var (_, enrolment, recoveryCodes) = await EnrolAsync(user);
        var secret = enrolment.GetProperty("secret").GetString()!;

        var first = await SignInAsync(user, recoveryCodes[0]);
        var again = await SignInAsync(user, recoveryCodes[0]);
        var another = await SignInAsync(user, recoveryCodes[1]);
        var stored = await fixture.FindUserAsync(user);

        recoveryCodes.Should().HaveCount(10).And.OnlyHaveUniqueItems();
        stored.MfaSecret.Should().StartWith("v1:").And.NotContain(secret, "the TOTP secret is stored encrypted");
        first.Status.Should().Be(HttpStatusCode.OK);
        again.Status.Should().Be(HttpStatusCode.Unauthorized, "a recovery code is good once");
        another.Status.Should().Be(HttpStatusCode.OK);
        stored.RecoveryCodes.Should().HaveCount(8).And.NotContain(recoveryCodes, "only hashes of the codes are stored");
    }

    // Parallel sign-ins with one code: UserSignIn consumes the code with a compare-and-set on mfa_last_step /
    // recovery_codes (IUserStore.ConsumeSecondFactorAsync), so exactly one of them passes.
    [Fact]
    public async Task SignIn_SameTotpCodeConcurrently_SucceedsOnce()
    {
        var user = await fixture.CreateUserAsync("mfa-race-totp", [BuiltInRoles.Viewer]);
        var (totp, _, _) = await EnrolAsync(user);
        var code = NextCode(totp);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SignInAsync(user, code)));

        attempts.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1, "a TOTP code is good once, even when sent in parallel");
    }

    // Same bug as above, for recovery codes.
    [Fact]
    public async Task SignIn_SameRecoveryCodeConcurrently_SucceedsOnce()
    {
        var user = await fixture.CreateUserAsync("mfa-race-recovery", [BuiltInRoles.Viewer]);
        var (_, _, recoveryCodes) = await EnrolAsync(user);

        var attempts = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => SignInAsync(user, recoveryCodes[0])));

        attempts.Count(a => a.Status == HttpStatusCode.OK).Should().Be(1, "a recovery code is good once, even when sent in parallel");
    }

    [Fact]
    public async Task Confirm_WithWrongCode_Returns400AndLeavesMfaOff()
    {
        var user = await fixture.CreateUserAsync("mfa-wrong", [BuiltInRoles.Viewer]);
        using var client = fixture.CreateClient("Bearer " + await fixture.SignInAsync(user, SecurityArrange.Password));
        var enrolment = await ApiFixture.ReadAsync(await client.PostAsync("/api/v1/auth/mfa/enrol", null));
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.GetProperty("secret").GetString()));

        var confirm = await client.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code = WrongCode(totp) });
        var signIn = await SignInAsync(user);

        confirm.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        signIn.Status.Should().Be(HttpStatusCode.OK, "MFA is on only once a code is confirmed");
    }

    [Fact]
    public async Task SignIn_WithWrongCode_IsRefusedAsMfaRequired()
    {
        var user = await fixture.CreateUserAsync("mfa-wrong-signin", [BuiltInRoles.Viewer]);
        var (totp, _, _) = await EnrolAsync(user);

        var signIn = await SignInAsync(user, WrongCode(totp));

        signIn.Status.Should().Be(HttpStatusCode.Unauthorized);
        signIn.Body.GetProperty("mfaRequired").GetBoolean().Should().BeTrue();
    }

    [Fact]
    public async Task RoleRequiringMfa_MemberWithoutMfa_GetsATokenThatOnlyAllowsEnrolment()
    {
        var role = "mfa-required-" + Guid.NewGuid().ToString("N")[..8];
        await fixture.PutRoleAsync(role, [Permissions.DefinitionsRead], requireMfa: true);
        var user = await fixture.CreateUserAsync("mfa-member", [role]);
        var pending = await fixture.SignInWhenAsync(user, me => me.GetProperty("mfaEnrolmentRequired").GetBoolean());
        using var pendingClient = fixture.CreateClient("Bearer " + pending);

        var me = await ApiFixture.ReadAsync(await pendingClient.GetAsync("/api/v1/auth/me"));
        var beforeEnrolment = await pendingClient.GetAsync("/api/v1/definitions");
        var (totp, _, recoveryCodes) = await EnrolAsync(user, pending);
        var sameTokenAfterEnrolment = await pendingClient.GetAsync("/api/v1/definitions");
        var withoutCode = await SignInAsync(user);
        var withCode = await SignInAsync(user, NextCode(totp));
        using var enrolledClient = fixture.CreateClient("Bearer " + withCode.AccessToken);
        var afterEnrolment = await enrolledClient.GetAsync("/api/v1/definitions");
        var enrolledMe = await ApiFixture.ReadAsync(await enrolledClient.GetAsync("/api/v1/auth/me"));
        var disable = await enrolledClient.PostAsJsonAsync("/api/v1/auth/mfa/disable", new { code = recoveryCodes[0] });

        me.GetProperty("permissions").GetArrayLength().Should().Be(0, "the token grants nothing until MFA is set up");
        beforeEnrolment.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        sameTokenAfterEnrolment.StatusCode.Should().Be(HttpStatusCode.Forbidden, "the enrolment-only token stays so: sign in again with a code");
        withoutCode.Status.Should().Be(HttpStatusCode.Unauthorized);
        withoutCode.Body.GetProperty("mfaRequired").GetBoolean().Should().BeTrue();
        withCode.Status.Should().Be(HttpStatusCode.OK);
        afterEnrolment.StatusCode.Should().Be(HttpStatusCode.OK);
        enrolledMe.GetProperty("mfaEnrolmentRequired").GetBoolean().Should().BeFalse();
        enrolledMe.GetProperty("permissions").EnumerateArray().Select(p => p.GetString()).Should().Equal(Permissions.DefinitionsRead);
        disable.StatusCode.Should().Be(HttpStatusCode.Conflict, "a role of the user requires MFA");
    }

    // The code of the next time step: the step of the code used to confirm is spent, and the server accepts one step of
    // drift, so this code is valid now and has not been used.
    private static string NextCode(Totp totp) => totp.ComputeTotp(DateTime.UtcNow.AddSeconds(30));

    // A well-formed code that matches none of the steps the server could accept around now.
    private static string WrongCode(Totp totp)
    {
        var now = DateTime.UtcNow;
        var valid = new[] { -60, -30, 0, 30, 60 }.Select(s => totp.ComputeTotp(now.AddSeconds(s))).ToHashSet(StringComparer.Ordinal);
        return Enumerable.Range(0, 10).Select(i => new string((char)('0' + i), 6)).First(c => !valid.Contains(c));
    }

    private async Task<(Totp Totp, JsonElement Enrolment, IReadOnlyList<string> RecoveryCodes)> EnrolAsync(string user, string? token = null)
    {
        using var client = fixture.CreateClient("Bearer " + (token ?? await fixture.SignInAsync(user, SecurityArrange.Password)));
        var enrol = await client.PostAsync("/api/v1/auth/mfa/enrol", null);
        enrol.StatusCode.Should().Be(HttpStatusCode.OK);
        var enrolment = await ApiFixture.ReadAsync(enrol);
        var totp = new Totp(Base32Encoding.ToBytes(enrolment.GetProperty("secret").GetString()));
        var confirm = await client.PostAsJsonAsync("/api/v1/auth/mfa/confirm", new { code = totp.ComputeTotp(DateTime.UtcNow) });
        confirm.StatusCode.Should().Be(HttpStatusCode.OK);
        var codes = (await ApiFixture.ReadAsync(confirm)).GetProperty("recoveryCodes").EnumerateArray().Select(c => c.GetString()!).ToList();
        return (totp, enrolment, codes);
    }

    private async Task<(HttpStatusCode Status, JsonElement Body, string? AccessToken)> SignInAsync(string username, string? mfaCode = null)
    {
        using var anonymous = fixture.CreateClient();
        using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password = SecurityArrange.Password, mfaCode });
        var body = await ApiFixture.ReadAsync(response);
        return (response.StatusCode, body, body.TryGetProperty("accessToken", out var token) ? token.GetString() : null);
    }
}
