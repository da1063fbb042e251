using System.Security.Cryptography;
using System.Text;
using OtpNet;

namespace Automation.Api.Security;

/// <summary>TOTP (RFC 6238, through Otp.NET) and recovery codes.</summary>
public static class TotpCodes
{
    private const string RecoveryAlphabet = "abcdefghjkmnpqrstuvwxyz23456789";

    /// <summary>A new TOTP secret (20 random bytes, base32).</summary>
    /// <returns>The secret.</returns>
    public static string NewSecret() => Base32Encoding.ToString(KeyGeneration.GenerateRandomKey(20));

    /// <summary>The <c>otpauth://</c> URI an authenticator app scans.</summary>
    /// <param name="issuer">The product name shown in the app.</param>
    /// <param name="username">The account.</param>
    /// <param name="secret">The secret.</param>
    /// <returns>The URI.</returns>
    public static string Uri(string issuer, string username, string secret) =>
        new OtpUri(OtpType.Totp, secret, username, issuer).ToString();

    /// <summary>
    /// Checks a 6-digit code at <paramref name="now"/>, accepting one step of drift either way, and refusing a step at
    /// or before <paramref name="lastStep"/> (a code is good once).
    /// </summary>
    /// <param name="secret">The user's secret.</param>
    /// <param name="code">The code.</param>
    /// <param name="now">The time.</param>
    /// <param name="lastStep">The last step accepted for this user.</param>
    /// <param name="step">The step the code matched.</param>
    /// <returns><see langword="true"/> when it is valid and new.</returns>
    public static bool Verify(string secret, string code, DateTimeOffset now, long lastStep, out long step)
    {
        step = 0;
        if (code.Length != 6 || !code.All(char.IsAsciiDigit))
        {
            return false;
        }

        var totp = new Totp(Base32Encoding.ToBytes(secret));
        return totp.VerifyTotp(now.UtcDateTime, code, out step, VerificationWindow.RfcSpecifiedNetworkDelay) && step > lastStep;
    }

    /// <summary>Ten new recovery codes (<c>xxxx-xxxx</c>), each good once.</summary>
    /// <returns>The codes to show once.</returns>
    public static IReadOnlyList<string> NewRecoveryCodes() =>
        [.. Enumerable.Range(0, 10).Select(_ => RandomNumberGenerator.GetString(RecoveryAlphabet, 4) + "-" + RandomNumberGenerator.GetString(RecoveryAlphabet, 4))];

    /// <summary>The stored hash of a recovery code.</summary>
    /// <param name="code">The code.</param>
    /// <returns>SHA-256, lower-case hex.</returns>
    public static string HashRecoveryCode(string code) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(code.Trim().ToLowerInvariant())));
}
