namespace Automation.Api.Contracts;

/// <summary>Optional body of <c>POST /api/v1/workflows/{id}/cancel</c>.</summary>
/// <param name="Reason">Why; recorded in the history.</param>
public sealed record CancelWorkflowRequest(string? Reason);
