using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/workflows/batch</c>. Unknown properties are rejected.</summary>
/// <param name="Filter">Which workflows: at least one field is required.</param>
/// <param name="Action">What to do to each: <c>cancel</c>, <c>terminate</c>, <c>retry</c>, <c>pause</c> or <c>resume</c>.</param>
/// <param name="Reason">Why; passed on to each workflow's history.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BatchOperationRequest(
    BatchFilterRequest Filter,
    [property: Description("cancel, terminate, retry, pause or resume.")] string Action,
    string? Reason = null);
