using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Optional body of <c>POST /api/v1/workflows/{workflowId}/resume</c>: empty, or <c>{}</c>. Unknown properties are rejected.</summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ResumeWorkflowRequest;
