using Automation.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Automation.Api.Security;

/// <summary>
/// Signs users in: password (hashed with ASP.NET Core's <see cref="PasswordHasher{TUser}"/>), lockout after repeated
/// failures, MFA, then an access token and a new refresh token family. Every failure costs one password hash, known
/// user or not, and answers the same, so neither the message nor the timing tells whether a user exists.
/// </summary>
public sealed class UserSignIn(
    IUserStore users, IRefreshTokenStore refreshTokens, RoleCatalog roles, TokenIssuer issuer, MfaSecretProtector mfaSecrets, IOptions<AuthOptions> options, TimeProvider time)
{
    private static readonly PasswordHasher<UserAccount> Hasher = new();

    // A real hash of a random password: checked against when the user does not exist, so both paths cost the same.
    private static readonly Lazy<string> DummyHash = new(() => Hasher.HashPassword(null!, Guid.NewGuid().ToString()));

    /// <summary>Hashes a new password.</summary>
    /// <param name="password">The password.</param>
    /// <returns>The versioned, salted hash.</returns>
    public static string HashPassword(string password) => Hasher.HashPassword(null!, password);

    /// <summary>Whether <paramref name="password"/> matches <paramref name="hash"/>.</summary>
    /// <param name="hash">The stored hash.</param>
    /// <param name="password">The presented password.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public static bool VerifyPassword(string hash, string password) =>
        Hasher.VerifyHashedPassword(null!, hash, password) != PasswordVerificationResult.Failed;

    /// <summary>Checks the credentials and issues tokens.</summary>
    /// <param name="username">The username.</param>
    /// <param name="password">The password.</param>
    /// <param name="mfaCode">A TOTP code or a recovery code, when the user has MFA.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The outcome.</returns>
    public async Task<SignInResult> SignInAsync(string username, string password, string? mfaCode, CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        // PostgreSQL text cannot hold NUL, so no user has such a name; looking it up would fail like an outage (a 503).
        var user = username.Contains('\0', StringComparison.Ordinal) ? null : await users.FindAsync(username, cancellationToken);
        var passwordOk = VerifyPassword(user?.PasswordHash ?? DummyHash.Value, password);
        if (user is null)
        {
            return new SignInResult(null, false, "unknown user");
        }

        if (user.LockedUntil > now)
        {
            return new SignInResult(null, false, "locked");
        }

        if (!passwordOk)
        {
            await users.RecordFailureAsync(user.Username, settings.MaxFailedSignIns, now + settings.LockoutDuration, now, cancellationToken);
            return new SignInResult(null, false, "wrong password");
        }

        if (user.Disabled)
        {
            return new SignInResult(null, false, "disabled");
        }

        var methods = new List<string> { "pwd" };
        if (user.MfaEnabled)
        {
            if (string.IsNullOrEmpty(mfaCode))
            {
                return new SignInResult(null, true, "mfa code missing");
            }

            var checkedUser = CheckSecondFactor(user, mfaSecrets.TryUnprotect(user.Username, user.MfaSecret, out var secret) ? secret : null, mfaCode, now);
            if (checkedUser is null || !await users.ConsumeSecondFactorAsync(user, checkedUser with { UpdatedAt = now }, cancellationToken))
            {
                await users.RecordFailureAsync(user.Username, settings.MaxFailedSignIns, now + settings.LockoutDuration, now, cancellationToken);
                return new SignInResult(null, true, "wrong mfa code");
            }

            user = checkedUser;
            methods.Add("mfa");
        }

        await users.RecordSuccessAsync(user.Username, now, cancellationToken);
        var enrolmentRequired = !user.MfaEnabled && await RequiresMfaAsync(user.Roles, cancellationToken);
        var tokens = await IssueAsync(user, methods, enrolmentRequired, Guid.NewGuid(), cancellationToken);
        return new SignInResult(tokens, false, null);
    }

    /// <summary>Rotates a refresh token: a valid one gives a new pair; a reused one revokes its family.</summary>
    /// <param name="refreshToken">The presented token.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The new tokens, or <see langword="null"/> and why.</returns>
    public async Task<(TokenPair? Tokens, string Reason)> RefreshAsync(string refreshToken, CancellationToken cancellationToken)
    {
        string? issued = null;
        var (outcome, successor) = await refreshTokens.RotateAsync(
            TokenIssuer.HashRefreshToken(refreshToken),
            (family, subject) =>
            {
                var (token, record) = issuer.CreateRefreshToken(family, subject);
                issued = token;
                return record;
            },
            time.GetUtcNow(),
            cancellationToken);
        if (outcome == RefreshOutcome.Reused)
        {
            return (null, "refresh token reused: family revoked");
        }

        if (outcome != RefreshOutcome.Rotated || successor is null || issued is null)
        {
            return (null, "refresh token invalid, expired or revoked");
        }

        var user = await users.FindAsync(successor.Subject, cancellationToken);
        if (user is null || user.Disabled)
        {
            await refreshTokens.RevokeSubjectAsync(successor.Subject, time.GetUtcNow(), cancellationToken);
            return (null, "user deleted or disabled");
        }

        var methods = user.MfaEnabled ? new[] { "pwd", "mfa" } : ["pwd"];
        var enrolmentRequired = !user.MfaEnabled && await RequiresMfaAsync(user.Roles, cancellationToken);
        var access = issuer.CreateUserToken(user.Username, user.Roles, methods, enrolmentRequired);
        return (new TokenPair(access, issued, (int)issuer.AccessTokenLifetime.TotalSeconds, user.Username), "rotated");
    }

    /// <summary>Whether any of <paramref name="roleNames"/> requires MFA.</summary>
    /// <param name="roleNames">The roles.</param>
    /// <param name="cancellationToken">Cancels a refresh of the roles.</param>
    /// <returns><see langword="true"/> when one does.</returns>
    public async Task<bool> RequiresMfaAsync(IEnumerable<string> roleNames, CancellationToken cancellationToken)
    {
        var catalog = await roles.GetAsync(cancellationToken);
        return roleNames.Any(r => catalog.TryGetValue(r, out var role) && role.RequireMfa);
    }

    /// <summary>The user after a good TOTP or recovery code (step recorded, recovery code consumed), or <see langword="null"/>.</summary>
    /// <param name="user">The user, with MFA.</param>
    /// <param name="totpSecret">The user's TOTP secret, decrypted; <see langword="null"/> when unreadable (recovery codes still work).</param>
    /// <param name="code">The code.</param>
    /// <param name="now">The time.</param>
    /// <returns>The updated user, or <see langword="null"/> when the code is wrong or replayed.</returns>
    public static UserAccount? CheckSecondFactor(UserAccount user, string? totpSecret, string code, DateTimeOffset now)
    {
        if (totpSecret is not null && TotpCodes.Verify(totpSecret, code.Trim(), now, user.MfaLastStep, out var step))
        {
            return user with { MfaLastStep = step };
        }

        var hash = TotpCodes.HashRecoveryCode(code);
        return user.RecoveryCodes.Contains(hash, StringComparer.Ordinal)
            ? user with { RecoveryCodes = [.. user.RecoveryCodes.Where(c => c != hash)] }
            : null;
    }

    private async Task<TokenPair> IssueAsync(UserAccount user, IEnumerable<string> methods, bool enrolmentRequired, Guid family, CancellationToken cancellationToken)
    {
        var access = issuer.CreateUserToken(user.Username, user.Roles, methods, enrolmentRequired);
        var (refresh, record) = issuer.CreateRefreshToken(family, user.Username);
        await refreshTokens.InsertAsync(record, cancellationToken);
        return new TokenPair(access, refresh, (int)issuer.AccessTokenLifetime.TotalSeconds, user.Username);
    }
}
