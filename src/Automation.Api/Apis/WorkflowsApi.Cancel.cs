using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.Security;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>POST /api/v1/workflows/{workflowId}/cancel</c>: the shared control path (see WorkflowsApi.Controls.cs).</summary>
internal static partial class WorkflowsApi
{
    private static Task<Results<Ok<WorkflowResponse>, ValidationProblem, ProblemHttpResult>> CancelAsync(
        [Description("The workflow id.")] string workflowId, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        ControlAsync(workflowId, http, grains, calls, Permissions.WorkflowsCancel, ["reason"], WorkflowStatus.Cancelled,
            async (grain, body) =>
            {
                var result = await grain.CancelAsync(body.Reason);
                return result.Outcome switch
                {
                    CancelWorkflowOutcome.NotFound => new ControlWorkflowResult(ControlWorkflowOutcome.NotFound, null),
                    CancelWorkflowOutcome.AlreadyFinished => new ControlWorkflowResult(
                        ControlWorkflowOutcome.Conflict, result.Snapshot, $"Workflow '{workflowId}' already finished with status {result.Snapshot!.Status}."),
                    _ => new ControlWorkflowResult(ControlWorkflowOutcome.Applied, result.Snapshot),
                };
            },
            bodyShape: "The body must be a JSON object such as {\"reason\": \"...\"}, or empty.");
}
