namespace Automation.Workflows;

/// <summary>What a <c>wait</c> step in <see cref="StepStatus.Waiting"/> waits for.</summary>
/// <param name="Signal">The signal name, for a signal wait.</param>
/// <param name="Approval">Whether it waits for an approval (<c>POST /workflows/{id}/approvals/{stepId}</c>).</param>
/// <param name="Approvers">Who may decide an approval (<c>role:NAME</c> or a username); empty means anyone allowed to signal the workflow.</param>
/// <param name="Message">The approval's message for the approvers.</param>
/// <param name="TimeoutAt">When the wait times out, if it has a timeout.</param>
[GenerateSerializer, Immutable, Alias("automation.StepWait")]
public sealed record StepWait(
    [property: Id(0)] string? Signal,
    [property: Id(1)] bool Approval,
    [property: Id(2)] IReadOnlyList<string> Approvers,
    [property: Id(3)] string? Message,
    [property: Id(4)] DateTimeOffset? TimeoutAt);
