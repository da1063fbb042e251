using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>Answer to <c>POST /api/v1/workflows</c>.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Status">Its status right after the start (a workflow of inline steps may already be Completed).</param>
public sealed record StartWorkflowResponse(string WorkflowId, WorkflowStatus Status);
