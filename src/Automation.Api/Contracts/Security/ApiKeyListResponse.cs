namespace Automation.Api.Contracts;

/// <summary>Every API key, revoked and expired ones included, newest first.</summary>
/// <param name="Items">The keys.</param>
public sealed record ApiKeyListResponse(IReadOnlyList<ApiKeyResponse> Items);
