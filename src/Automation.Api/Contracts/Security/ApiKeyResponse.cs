using Automation.Security;

namespace Automation.Api.Contracts;

/// <summary>An API key, without the key or its hash.</summary>
/// <param name="Id">The key's id.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Permissions">The grants.</param>
/// <param name="CreatedBy">Who created it: a username, or <c>apikey:ID</c>.</param>
/// <param name="CreatedAt">When created.</param>
/// <param name="ExpiresAt">When it stops working; <c>null</c> for never.</param>
/// <param name="LastUsedAt">When it was last used (recorded at most once a minute); <c>null</c> if never.</param>
/// <param name="RevokedAt">When it was revoked; <c>null</c> while it is not.</param>
public sealed record ApiKeyResponse(
    string Id, string Name, IReadOnlyList<string> Permissions, string CreatedBy, DateTimeOffset CreatedAt, DateTimeOffset? ExpiresAt, DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    /// <summary>Maps a stored key.</summary>
    /// <param name="key">The key.</param>
    /// <returns>The response.</returns>
    public static ApiKeyResponse From(ApiKeyRecord key) =>
        new(key.Id, key.Name, key.Permissions, key.CreatedBy, key.CreatedAt, key.ExpiresAt, key.LastUsedAt, key.RevokedAt);
}
