using Automation.Operations;

namespace Automation.Api.Contracts;

/// <summary>A workflow a batch operation could not apply its action to.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Problem">Why.</param>
public sealed record BatchOperationErrorResponse(string WorkflowId, string Problem)
{
    /// <summary>Maps the grain record.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The API record.</returns>
    public static BatchOperationErrorResponse From(BatchOperationError error) => new(error.WorkflowId, error.Problem);
}
