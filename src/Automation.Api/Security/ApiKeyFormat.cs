using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Security;

/// <summary>
/// API keys look like <c>ak_ID_SECRET</c>: a public id (to find the stored key) and 32 random bytes (base64url). Only
/// SHA-256 of the whole key is stored; keys are long and random, so a fast hash is safe.
/// </summary>
public static class ApiKeyFormat
{
    private const string Prefix = "ak_";

    /// <summary>A new key and its id.</summary>
    /// <returns>The id and the key to show once.</returns>
    public static (string Id, string Key) Create()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        return (id, $"{Prefix}{id}_{Base64UrlEncoder.Encode(RandomNumberGenerator.GetBytes(32))}");
    }

    /// <summary>Reads the id out of a presented key.</summary>
    /// <param name="key">The presented key.</param>
    /// <param name="id">Its id.</param>
    /// <returns><see langword="false"/> when it is not shaped like a key.</returns>
    public static bool TryParse(string? key, [NotNullWhen(true)] out string? id)
    {
        id = null;
        if (key is null || key.Length is < 20 or > 100 || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = key.IndexOf('_', Prefix.Length);
        if (separator != Prefix.Length + 16 || !key.AsSpan(Prefix.Length, 16).ContainsOnlyHex())
        {
            return false;
        }

        id = key.Substring(Prefix.Length, 16);
        return true;
    }

    /// <summary>The stored hash of a key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>SHA-256 of its UTF-8 bytes.</returns>
    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Whether a presented key matches a stored hash, in constant time.</summary>
    /// <param name="key">The presented key.</param>
    /// <param name="hash">The stored hash.</param>
    /// <returns><see langword="true"/> when it matches.</returns>
    public static bool Matches(string key, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(key), hash);
}

file static class HexExtensions
{
    public static bool ContainsOnlyHex(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }
}
