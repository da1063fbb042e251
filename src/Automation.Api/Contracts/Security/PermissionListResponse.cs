namespace Automation.Api.Contracts;

/// <summary>Every permission the API knows.</summary>
/// <param name="Items">The permissions.</param>
public sealed record PermissionListResponse(IReadOnlyList<PermissionResponse> Items);
