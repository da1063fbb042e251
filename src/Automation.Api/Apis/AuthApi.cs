using System.Security.Claims;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/auth</c>: sign in, refresh, sign out, and the caller's own account (password, MFA).</summary>
internal static class AuthApi
{
    private const int MaxCredentialLength = 1024;

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapAuthApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/auth").WithTags("Auth");
        group.MapPost("/token", CreateTokenAsync).WithName("CreateToken").AcceptsJson<TokenRequest>()
            .WithSummary("Signs in with a username and password (and MFA code), or exchanges an API key, for tokens.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/refresh", RefreshAsync).WithName("RefreshToken").AcceptsJson<RefreshRequest>()
            .WithSummary("Exchanges a refresh token for new tokens; the presented token stops working. Reusing one revokes every token descended from the same sign-in.")
            .ProducesProblem(StatusCodes.Status401Unauthorized);
        group.MapPost("/logout", LogoutAsync).WithName("Logout").AcceptsJson<RefreshRequest>()
            .WithSummary("Revokes a refresh token and every token descended from the same sign-in.");
        group.MapGet("/me", GetCurrentUserAsync).WithName("GetCurrentUser").WithSummary("Who the caller is and what they may do.");
        group.MapPost("/password", ChangePasswordAsync).WithName("ChangePassword").AcceptsJson<ChangePasswordRequest>()
            .WithSummary("Changes the caller's password; every refresh token of the user is revoked.");
        group.MapPost("/mfa/enrol", EnrolMfaAsync).WithName("EnrolMfa")
            .WithSummary("Starts TOTP enrolment: a new secret for an authenticator app. MFA is on once a code is confirmed.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/mfa/confirm", ConfirmMfaAsync).WithName("ConfirmMfa").AcceptsJson<MfaCodeRequest>()
            .WithSummary("Confirms enrolment with a code from the app; MFA is then required to sign in. Answers the recovery codes, once.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        group.MapPost("/mfa/disable", DisableMfaAsync).WithName("DisableMfa").AcceptsJson<MfaCodeRequest>()
            .WithSummary("Turns MFA off, given a current code or a recovery code.")
            .ProducesProblem(StatusCodes.Status409Conflict);
        return group;
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> CreateTokenAsync(
        HttpContext http, UserSignIn signIn, ApiKeyValidator apiKeys, TokenIssuer issuer, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<TokenRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        if (request.ApiKey is { } key)
        {
            if (request.Username is not null || request.Password is not null || request.MfaCode is not null)
            {
                return Problems.Validation("$.apiKey", "Send either an API key alone, or a username and password.");
            }

            var record = key.Length <= MaxCredentialLength ? await apiKeys.ValidateAsync(key, http.RequestAborted) : null;
            if (record is null)
            {
                await audit.RecordAsync(http, "auth.token", null, AuditTrail.Failure, new { method = "apikey", reason = "invalid api key" }, actor: "anonymous", status: 401);
                return Unauthorized(http, "The API key is invalid, expired or revoked.");
            }

            await audit.RecordAsync(http, "auth.token", null, AuditTrail.Success, new { method = "apikey" }, actor: "apikey:" + record.Id, status: 200);
            return TypedResults.Ok(new TokenResponse(issuer.CreateApiKeyToken(record), null, (int)issuer.AccessTokenLifetime.TotalSeconds));
        }

        var errors = new List<(string, string)>();
        if (string.IsNullOrEmpty(request.Username) || request.Username.Length > 128)
        {
            errors.Add(("$.username", "Required: 1–128 characters (or send an apiKey instead)."));
        }

        if (string.IsNullOrEmpty(request.Password) || request.Password.Length > MaxCredentialLength)
        {
            errors.Add(("$.password", $"Required: 1–{MaxCredentialLength} characters."));
        }

        if (request.MfaCode is { Length: > 32 })
        {
            errors.Add(("$.mfaCode", "At most 32 characters."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var result = await signIn.SignInAsync(request.Username!, request.Password!, request.MfaCode, http.RequestAborted);
        if (result.Tokens is not { } tokens)
        {
            await audit.RecordAsync(http, "auth.token", request.Username, AuditTrail.Failure, new { method = "password", reason = result.Reason }, actor: "anonymous", status: 401);
            return result.MfaRequired
                ? Unauthorized(http, "An MFA code is required: send mfaCode with a code from your authenticator app, or a recovery code.", mfaRequired: true)
                : Unauthorized(http, "The username or password is wrong, or the account is locked or disabled.");
        }

        await audit.RecordAsync(http, "auth.token", tokens.Subject, AuditTrail.Success, new { method = "password" }, actor: tokens.Subject, status: 200);
        return TypedResults.Ok(new TokenResponse(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresIn));
    }

    private static async Task<Results<Ok<TokenResponse>, ValidationProblem, ProblemHttpResult>> RefreshAsync(HttpContext http, UserSignIn signIn, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<RefreshRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var presented = body.Value!.RefreshToken;
        if (presented.Length is 0 or > MaxCredentialLength)
        {
            return Problems.Validation("$.refreshToken", $"Required: 1–{MaxCredentialLength} characters.");
        }

        var (tokens, reason) = await signIn.RefreshAsync(presented, http.RequestAborted);
        if (tokens is null)
        {
            await audit.RecordAsync(http, "auth.refresh", null, AuditTrail.Failure, new { reason }, actor: "anonymous", status: 401);
            return Unauthorized(http, "The refresh token is invalid, expired or revoked. Sign in again.");
        }

        await audit.RecordAsync(http, "auth.refresh", tokens.Subject, AuditTrail.Success, actor: tokens.Subject, status: 200);
        return TypedResults.Ok(new TokenResponse(tokens.AccessToken, tokens.RefreshToken, tokens.ExpiresIn));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> LogoutAsync(
        HttpContext http, IRefreshTokenStore refreshTokens, TimeProvider time, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<RefreshRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var token = body.Value!.RefreshToken;
        var revoked = token.Length <= MaxCredentialLength
            && await refreshTokens.RevokeFamilyAsync(TokenIssuer.HashRefreshToken(token), http.User.Actor(), time.GetUtcNow(), http.RequestAborted);
        await audit.RecordAsync(http, "auth.logout", http.User.Actor(), revoked ? AuditTrail.Success : AuditTrail.Failure, status: 204);
        return TypedResults.NoContent();
    }

    private static async Task<Ok<CurrentUserResponse>> GetCurrentUserAsync(ClaimsPrincipal user, IUserStore users, CancellationToken cancellationToken)
    {
        var kind = user.FindFirstValue(SecurityClaims.Kind) ?? SecurityClaims.UserKind;
        var account = kind == SecurityClaims.UserKind ? await users.FindAsync(user.Actor(), cancellationToken) : null;
        return TypedResults.Ok(new CurrentUserResponse(
            user.Actor(),
            kind,
            [.. user.FindAll(SecurityClaims.Role).Select(c => c.Value)],
            [.. user.FindAll(SecurityClaims.Permission).Select(c => c.Value)],
            account?.MfaEnabled ?? false,
            user.HasClaim(SecurityClaims.MfaEnrolmentRequired, "true")));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> ChangePasswordAsync(
        HttpContext http, IUserStore users, IRefreshTokenStore refreshTokens, IOptions<AuthOptions> options, TimeProvider time, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<ChangePasswordRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        if (await OwnAccountAsync(http, users) is not { } account)
        {
            return NotAUser();
        }

        var request = body.Value!;
        if (request.CurrentPassword.Length > MaxCredentialLength || !UserSignIn.VerifyPassword(account.PasswordHash, request.CurrentPassword))
        {
            await audit.RecordAsync(http, "auth.password", account.Username, AuditTrail.Failure, new { reason = "wrong current password" }, status: 400);
            return Problems.Validation("$.currentPassword", "The current password is wrong.");
        }

        var errors = PasswordPolicy.Check(options.Value.PasswordPolicy, request.NewPassword, account.Username);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.Select(e => ("$.newPassword", "The password " + e + ".")));
        }

        var now = time.GetUtcNow();
        await users.UpdateAsync(account with { PasswordHash = UserSignIn.HashPassword(request.NewPassword), UpdatedAt = now }, http.RequestAborted);
        await refreshTokens.RevokeSubjectAsync(account.Username, now, http.RequestAborted);
        await audit.RecordAsync(http, "auth.password", account.Username, AuditTrail.Success, status: 204);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<MfaEnrolmentResponse>, ProblemHttpResult>> EnrolMfaAsync(
        HttpContext http, IUserStore users, MfaSecretProtector mfaSecrets, IOptions<AuthOptions> options, TimeProvider time, AuditTrail audit)
    {
        if (await OwnAccountAsync(http, users) is not { } account)
        {
            return NotAUser();
        }

        if (account.MfaEnabled)
        {
            return Problems.Conflict("MFA is already on. Disable it first to enrol a new authenticator.");
        }

        if (!mfaSecrets.IsConfigured)
        {
            return Problems.Conflict("MFA secrets are stored encrypted with the secrets keys, and none is configured: set Automation:Secrets:Keys (see docs/security.md).");
        }

        var secret = TotpCodes.NewSecret();
        await users.UpdateAsync(account with { MfaSecret = mfaSecrets.Protect(account.Username, secret), MfaLastStep = 0, UpdatedAt = time.GetUtcNow() }, http.RequestAborted);
        await audit.RecordAsync(http, "auth.mfa.enrol", account.Username, AuditTrail.Success, status: 200);
        return TypedResults.Ok(new MfaEnrolmentResponse(secret, TotpCodes.Uri(options.Value.Issuer, account.Username, secret)));
    }

    private static async Task<Results<Ok<MfaConfirmationResponse>, ValidationProblem, ProblemHttpResult>> ConfirmMfaAsync(
        HttpContext http, IUserStore users, MfaSecretProtector mfaSecrets, TimeProvider time, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<MfaCodeRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        if (await OwnAccountAsync(http, users) is not { } account)
        {
            return NotAUser();
        }

        if (account.MfaEnabled || account.MfaSecret is null)
        {
            return Problems.Conflict(account.MfaEnabled ? "MFA is already on." : "Start enrolment first: POST /api/v1/auth/mfa/enrol.");
        }

        var now = time.GetUtcNow();
        if (!mfaSecrets.TryUnprotect(account.Username, account.MfaSecret, out var secret))
        {
            return Problems.Conflict("The enrolment cannot be read (its key is no longer configured): start again with POST /api/v1/auth/mfa/enrol.");
        }

        if (!TotpCodes.Verify(secret, body.Value!.Code.Trim(), now, account.MfaLastStep, out var step))
        {
            await audit.RecordAsync(http, "auth.mfa.confirm", account.Username, AuditTrail.Failure, new { reason = "wrong code" }, status: 400);
            return Problems.Validation("$.code", "The code is wrong or was already used; enter the current 6-digit code from the app.");
        }

        var codes = TotpCodes.NewRecoveryCodes();
        await users.UpdateAsync(
            account with { MfaEnabled = true, MfaLastStep = step, RecoveryCodes = [.. codes.Select(TotpCodes.HashRecoveryCode)], UpdatedAt = now },
            http.RequestAborted);
        await audit.RecordAsync(http, "auth.mfa.confirm", account.Username, AuditTrail.Success, status: 200);
        return TypedResults.Ok(new MfaConfirmationResponse(codes));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DisableMfaAsync(
        HttpContext http, IUserStore users, UserSignIn signIn, MfaSecretProtector mfaSecrets, TimeProvider time, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<MfaCodeRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        if (await OwnAccountAsync(http, users) is not { } account)
        {
            return NotAUser();
        }

        if (!account.MfaEnabled)
        {
            return Problems.Conflict("MFA is not on.");
        }

        if (await signIn.RequiresMfaAsync(account.Roles, http.RequestAborted))
        {
            return Problems.Conflict("A role of this user requires MFA; it cannot be turned off.");
        }

        var now = time.GetUtcNow();
        if (body.Value!.Code.Length > 32 || UserSignIn.CheckSecondFactor(account, mfaSecrets.TryUnprotect(account.Username, account.MfaSecret, out var secret) ? secret : null, body.Value.Code, now) is null)
        {
            await audit.RecordAsync(http, "auth.mfa.disable", account.Username, AuditTrail.Failure, new { reason = "wrong code" }, status: 400);
            return Problems.Validation("$.code", "The code is wrong or was already used.");
        }

        await users.UpdateAsync(account with { MfaEnabled = false, MfaSecret = null, MfaLastStep = 0, RecoveryCodes = [], UpdatedAt = now }, http.RequestAborted);
        await audit.RecordAsync(http, "auth.mfa.disable", account.Username, AuditTrail.Success, status: 204);
        return TypedResults.NoContent();
    }

    private static async Task<UserAccount?> OwnAccountAsync(HttpContext http, IUserStore users) =>
        http.User.FindFirstValue(SecurityClaims.Kind) == SecurityClaims.UserKind ? await users.FindAsync(http.User.Actor(), http.RequestAborted) : null;

    private static ProblemHttpResult NotAUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only a user (not an API key) has a password and MFA.");

    private static ProblemHttpResult Unauthorized(HttpContext http, string detail, bool mfaRequired = false)
    {
        http.Response.Headers.WWWAuthenticate = "Bearer error=\"invalid_grant\"";
        return TypedResults.Problem(
            statusCode: StatusCodes.Status401Unauthorized,
            title: "Unauthorized",
            detail: detail,
            extensions: mfaRequired ? new Dictionary<string, object?> { ["mfaRequired"] = true } : null);
    }
}
