using System.Diagnostics.CodeAnalysis;
using Automation.Secrets;

namespace Automation.Api.Security;

/// <summary>
/// Keeps users' TOTP secrets encrypted at rest with the secrets key ring (AES-256-GCM, keys outside the database,
/// bound to the username), so a copy of the users table cannot mint MFA codes. Stored as
/// <c>v1:KEYID:NONCE:CIPHERTEXT:TAG</c> (base64).
/// </summary>
/// <param name="keys">The secrets key ring (<c>Automation:Secrets</c>).</param>
public sealed class MfaSecretProtector(SecretKeyRing keys)
{
    private const string Version = "v1";

    /// <summary>Whether secrets can be protected (a key is configured).</summary>
    public bool IsConfigured => keys.IsConfigured;

    /// <summary>Encrypts a TOTP secret for <paramref name="username"/>.</summary>
    /// <param name="username">The user it belongs to.</param>
    /// <param name="secret">The base32 secret.</param>
    /// <returns>The stored form.</returns>
    public string Protect(string username, string secret)
    {
        var encrypted = keys.Encrypt(Name(username), secret);
        return string.Join(':', Version, encrypted.KeyId, Convert.ToBase64String(encrypted.Nonce), Convert.ToBase64String(encrypted.Ciphertext), Convert.ToBase64String(encrypted.Tag));
    }

    /// <summary>Decrypts a stored TOTP secret of <paramref name="username"/>.</summary>
    /// <param name="username">The user it belongs to.</param>
    /// <param name="stored">The stored form.</param>
    /// <param name="secret">The base32 secret.</param>
    /// <returns><see langword="false"/> when it cannot be read (altered, copied from another user, or its key is gone).</returns>
    public bool TryUnprotect(string username, string? stored, [NotNullWhen(true)] out string? secret)
    {
        secret = null;
        var parts = stored?.Split(':');
        if (parts is not { Length: 5 } || parts[0] != Version)
        {
            return false;
        }

        try
        {
            secret = keys.Decrypt(Name(username), new EncryptedSecret(parts[1], Convert.FromBase64String(parts[2]), Convert.FromBase64String(parts[3]), Convert.FromBase64String(parts[4])));
            return true;
        }
        catch (Exception ex) when (ex is FormatException or SecretUnreadableException or SecretsNotConfiguredException)
        {
            return false;
        }
    }

    private static string Name(string username) => "mfa:" + username;
}
