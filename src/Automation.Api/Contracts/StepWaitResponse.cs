using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>What a waiting <c>wait</c> step waits for.</summary>
/// <param name="Signal">The signal name (<c>POST /workflows/{id}/signals/{name}</c>), for a signal wait; otherwise null.</param>
/// <param name="Approval">Whether it waits for an approval (<c>POST /workflows/{id}/approvals/{stepId}</c>).</param>
/// <param name="Approvers">Who may decide the approval (<c>role:NAME</c> or a username); empty means anyone allowed to signal the workflow.</param>
/// <param name="Message">The approval's message; otherwise null.</param>
/// <param name="TimeoutAt">When the wait times out; null when it has no timeout.</param>
public sealed record StepWaitResponse(string? Signal, bool Approval, IReadOnlyList<string> Approvers, string? Message, DateTimeOffset? TimeoutAt)
{
    /// <summary>Maps the grain record.</summary>
    /// <param name="wait">The wait.</param>
    /// <returns>The API record.</returns>
    public static StepWaitResponse From(StepWait wait) => new(wait.Signal, wait.Approval, wait.Approvers, wait.Message, wait.TimeoutAt);
}
