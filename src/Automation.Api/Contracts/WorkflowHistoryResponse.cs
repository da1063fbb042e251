using Automation.Events;

namespace Automation.Api.Contracts;

/// <summary>The ordered history of a workflow.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Events">Events, oldest first; each has a <c>type</c> discriminator.</param>
public sealed record WorkflowHistoryResponse(string WorkflowId, IReadOnlyList<WorkflowEvent> Events);
