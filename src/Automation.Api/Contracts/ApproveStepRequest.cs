using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/workflows/{workflowId}/approvals/{stepId}</c>. Unknown properties are rejected.</summary>
/// <param name="Decision"><c>approve</c> or <c>reject</c>.</param>
/// <param name="Comment">Free text, recorded with the decision (and in the error of a rejection).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record ApproveStepRequest([property: RegularExpression("^(approve|reject)$")] string Decision, string? Comment = null);
