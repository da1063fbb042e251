namespace Automation.Workflows;

/// <summary>The record of one failed attempt of a step.</summary>
/// <param name="Attempt">The 1-based attempt number.</param>
/// <param name="StartedAt">When the attempt started.</param>
/// <param name="FailedAt">When it failed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Output">What the attempt produced anyway, e.g. the status, headers and body of a failed HTTP call.</param>
[GenerateSerializer, Immutable, Alias("automation.AttemptFailure")]
public sealed record AttemptFailure(
    [property: Id(0)] int Attempt,
    [property: Id(1)] DateTimeOffset StartedAt,
    [property: Id(2)] DateTimeOffset FailedAt,
    [property: Id(3)] StepError Error,
    [property: Id(4)] System.Text.Json.JsonElement? Output = null);
