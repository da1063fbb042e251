namespace Automation.Api.Contracts;

/// <summary>A new API key. It can carry only grants its creator holds.</summary>
/// <param name="Name">What it is for (1–128 characters, no control characters).</param>
/// <param name="Permissions">The grants, like a role's (e.g. <c>definitions:read</c>, <c>workflows:start:deploy-*</c>).</param>
/// <param name="ExpiresAt">When it stops working: in the future, at most 2 years ahead. Default: 1 year from now.</param>
public sealed record CreateApiKeyRequest(string Name, IReadOnlyList<string> Permissions, DateTimeOffset? ExpiresAt = null);
