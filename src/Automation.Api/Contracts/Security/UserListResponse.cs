namespace Automation.Api.Contracts;

/// <summary>Every user, ordered by name.</summary>
/// <param name="Items">The users.</param>
public sealed record UserListResponse(IReadOnlyList<UserResponse> Items);
