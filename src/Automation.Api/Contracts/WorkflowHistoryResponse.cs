using Automation.Api.Contracts.Events;

namespace Automation.Api.Contracts;

/// <summary>One page of the ordered history of a workflow.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Events">Events in append order (by <c>sequence</c>); each has a <c>type</c> naming its kind.</param>
/// <param name="NextAfter">Pass as <c>after</c> for the next page; <see langword="null"/> when this page reaches the end of the history so far.</param>
public sealed record WorkflowHistoryResponse(string WorkflowId, IReadOnlyList<HistoryEvent> Events, long? NextAfter);
