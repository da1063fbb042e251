using Automation.Api.Contracts.Events;

namespace Automation.Api.Contracts;

/// <summary>The ordered history of a workflow.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Events">Events in append order (by <c>sequence</c>); each has a <c>type</c> naming its kind.</param>
public sealed record WorkflowHistoryResponse(string WorkflowId, IReadOnlyList<HistoryEvent> Events);
