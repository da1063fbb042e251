namespace Automation.Api.Contracts;

/// <summary>Every role, built-in and custom, ordered by name.</summary>
/// <param name="Items">The roles.</param>
public sealed record RoleListResponse(IReadOnlyList<RoleResponse> Items);
