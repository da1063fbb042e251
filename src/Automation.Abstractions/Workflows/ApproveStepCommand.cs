namespace Automation.Workflows;

/// <summary>A decision on a waiting approval step.</summary>
/// <param name="StepId">The approval step.</param>
/// <param name="Approved">Approve (<see langword="true"/>) or reject.</param>
/// <param name="By">Who decided (a username or <c>apikey:ID</c>).</param>
/// <param name="Comment">Free text, recorded with the decision.</param>
/// <param name="Roles">The caller's roles, matched against the step's <c>role:NAME</c> approvers.</param>
[GenerateSerializer, Immutable, Alias("automation.ApproveStepCommand")]
public sealed record ApproveStepCommand(
    [property: Id(0)] string StepId,
    [property: Id(1)] bool Approved,
    [property: Id(2)] string By,
    [property: Id(3)] string? Comment,
    [property: Id(4)] IReadOnlyList<string>? Roles = null);
