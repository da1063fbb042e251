namespace Automation.Persistence;

/// <summary>One page of workflows, newest first.</summary>
/// <param name="Items">The rows.</param>
/// <param name="NextCursor">Pass it back to get the next page; <see langword="null"/> on the last page.</param>
public sealed record WorkflowPage(IReadOnlyList<WorkflowIndexEntry> Items, string? NextCursor);
