namespace Automation.Security;

/// <summary>An API key as stored: its hash, never the key.</summary>
/// <param name="Id">The public id (also the key's prefix).</param>
/// <param name="Name">What it is for.</param>
/// <param name="KeyHash">SHA-256 of the key's secret part.</param>
/// <param name="Permissions">The permission grants.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="CreatedAt">When created.</param>
/// <param name="ExpiresAt">When it stops working, if ever.</param>
/// <param name="LastUsedAt">When it was last used (recorded at most once a minute).</param>
/// <param name="RevokedAt">When it was revoked.</param>
public sealed record ApiKeyRecord(
    string Id,
    string Name,
    byte[] KeyHash,
    IReadOnlyList<string> Permissions,
    string CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ExpiresAt,
    DateTimeOffset? LastUsedAt,
    DateTimeOffset? RevokedAt);
