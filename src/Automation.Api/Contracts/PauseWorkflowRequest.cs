using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Optional body of <c>POST /api/v1/workflows/{workflowId}/pause</c>. Unknown properties are rejected.</summary>
/// <param name="Reason">Why; recorded in the history.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PauseWorkflowRequest(string? Reason = null);
