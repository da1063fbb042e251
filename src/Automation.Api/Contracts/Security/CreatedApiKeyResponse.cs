namespace Automation.Api.Contracts;

/// <summary>A new API key. The key is shown here once and never again: only its hash is stored.</summary>
/// <param name="Id">The key's id (its public part), to list and revoke it.</param>
/// <param name="Key">The key, to send as <c>Authorization: ApiKey &lt;key&gt;</c> or exchange at <c>POST /api/v1/auth/token</c>.</param>
/// <param name="Name">What it is for.</param>
/// <param name="Permissions">The grants.</param>
/// <param name="ExpiresAt">When it stops working.</param>
/// <param name="CreatedAt">When created.</param>
public sealed record CreatedApiKeyResponse(string Id, string Key, string Name, IReadOnlyList<string> Permissions, DateTimeOffset? ExpiresAt, DateTimeOffset CreatedAt);
