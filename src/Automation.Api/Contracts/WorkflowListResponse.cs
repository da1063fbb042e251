namespace Automation.Api.Contracts;

/// <summary>A page of workflows, newest first.</summary>
/// <param name="Items">The workflows.</param>
/// <param name="NextCursor">Pass as <c>cursor</c> for the next page; null on the last page.</param>
public sealed record WorkflowListResponse(IReadOnlyList<WorkflowSummary> Items, string? NextCursor);
