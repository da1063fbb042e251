using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Optional body of <c>POST /api/v1/workflows/{workflowId}/terminate</c>. Unknown properties are rejected.</summary>
/// <param name="Reason">Why; recorded in the history and in the workflow's error.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record TerminateWorkflowRequest(string? Reason = null);
