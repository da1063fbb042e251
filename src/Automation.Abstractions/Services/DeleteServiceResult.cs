namespace Automation.Services;

/// <summary>The outcome of deleting a service.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Dependents">With <see cref="DeleteServiceOutcome.HasDependents"/>: the services that name it in <c>dependsOn</c>.</param>
[GenerateSerializer, Immutable, Alias("automation.DeleteServiceResult")]
public sealed record DeleteServiceResult(
    [property: Id(0)] DeleteServiceOutcome Outcome,
    [property: Id(1)] IReadOnlyList<string> Dependents);
