using System.Text.Json.Serialization;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>Answer to <c>POST /api/v1/workflows</c>.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Status">Its status when answered: right after the start (a workflow of inline steps may already be Completed), or at the end of <c>?wait=</c>.</param>
/// <param name="Workflow">With <c>?wait=</c>: the workflow as <c>GET /api/v1/workflows/{id}</c> shows it when the answer was made (its output once completed); otherwise absent.</param>
public sealed record StartWorkflowResponse(
    string WorkflowId,
    WorkflowStatus Status,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] WorkflowResponse? Workflow = null);
