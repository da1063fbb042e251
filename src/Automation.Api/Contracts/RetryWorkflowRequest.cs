using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Optional body of <c>POST /api/v1/workflows/{workflowId}/retry</c>. Unknown properties are rejected.</summary>
/// <param name="InputPatch">A JSON Merge Patch (RFC 7396) applied to the workflow input before the retry: object members replace, <c>null</c> members remove, any other value replaces the whole input. Absent or null keeps the input.</param>
/// <param name="Reason">Why; recorded in the history.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record RetryWorkflowRequest(JsonElement? InputPatch = null, string? Reason = null);
