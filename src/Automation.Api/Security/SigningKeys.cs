using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Automation.Api.Security;

/// <summary>The HMAC keys that sign and validate access tokens, by key id (see <see cref="AuthOptions.SigningKeys"/>).</summary>
public sealed class SigningKeys
{
    private readonly Dictionary<string, SymmetricSecurityKey> _keys;

    /// <summary>Decodes the configured keys (already validated at start-up).</summary>
    /// <param name="options">The settings.</param>
    public SigningKeys(IOptions<AuthOptions> options)
    {
        _keys = options.Value.SigningKeys.ToDictionary(
            k => k.Key,
            k => new SymmetricSecurityKey(Convert.FromBase64String(k.Value)) { KeyId = k.Key },
            StringComparer.Ordinal);
        Active = new SigningCredentials(_keys[options.Value.ActiveSigningKey], SecurityAlgorithms.HmacSha256);
    }

    /// <summary>The credentials that sign new tokens.</summary>
    public SigningCredentials Active { get; }

    /// <summary>The key with id <paramref name="kid"/>: none for an unknown or missing id.</summary>
    /// <param name="kid">The token header's key id.</param>
    /// <returns>Zero or one key.</returns>
    public IEnumerable<SecurityKey> Resolve(string? kid) =>
        kid is not null && _keys.TryGetValue(kid, out var key) ? [key] : [];
}
