namespace Automation.Api.Contracts;

/// <summary>A permission a grant can name.</summary>
/// <param name="Name">The permission, <c>area:action</c>.</param>
/// <param name="Description">What it allows.</param>
public sealed record PermissionResponse(string Name, string Description);
