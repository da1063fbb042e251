using System.Text.Json;
using Automation.Workflows;

namespace Automation.Tasks;

/// <summary>A task grain's report of one attempt's outcome to its workflow, which decides what follows.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Kind">Completed or failed.</param>
/// <param name="Attempt">The attempt the report is about (1-based).</param>
/// <param name="StartedAt">When that attempt started.</param>
/// <param name="FinishedAt">When it finished.</param>
/// <param name="Output">The output when completed; for a failed attempt, whatever it produced (e.g. the HTTP response).</param>
/// <param name="Error">The error when the attempt failed.</param>
/// <param name="NextAttemptAt">For a <see cref="TaskReportKind.Deferred"/> report: when the service's breaker lets a call through, if known; otherwise unused (the workflow owns retries).</param>
[GenerateSerializer, Immutable, Alias("automation.TaskReport")]
public sealed record TaskReport(
    [property: Id(0)] string StepId,
    [property: Id(1)] TaskReportKind Kind,
    [property: Id(2)] int Attempt,
    [property: Id(3)] DateTimeOffset StartedAt,
    [property: Id(4)] DateTimeOffset FinishedAt,
    [property: Id(5)] JsonElement? Output,
    [property: Id(6)] StepError? Error,
    [property: Id(7)] DateTimeOffset? NextAttemptAt)
{
    /// <summary>The service whose breaker deferred the attempt (<see cref="TaskReportKind.Deferred"/>).</summary>
    [Id(8)] public string? Service { get; init; }
}
