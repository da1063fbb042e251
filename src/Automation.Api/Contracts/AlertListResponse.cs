namespace Automation.Api.Contracts;

/// <summary>A page of alerts, newest first.</summary>
/// <param name="Items">The alerts.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record AlertListResponse(IReadOnlyList<AlertResponse> Items, string? NextCursor);
