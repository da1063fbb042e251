using System.Text.Json;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>The visible state of one step of a workflow.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Type">The step type (<c>http</c>, <c>delay</c>, <c>transform</c>, <c>switch</c>, <c>wait</c>).</param>
/// <param name="Status">The step status.</param>
/// <param name="Attempts">Attempts started so far, including one in flight.</param>
/// <param name="Output">The output once completed; otherwise null.</param>
/// <param name="Error">The last error, if any.</param>
/// <param name="StartedAt">When the step was scheduled (dispatched); null while pending.</param>
/// <param name="CompletedAt">When the step reached a final status.</param>
/// <param name="NextAttemptAt">When the next attempt runs, while retrying.</param>
/// <param name="Failures">Every failed attempt with its error.</param>
/// <param name="WaitingFor">What the step waits for while <c>Waiting</c> on a signal or an approval; otherwise null.</param>
/// <param name="Children">The child workflows of a <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step once it has started; otherwise null.</param>
/// <param name="Progress">The latest progress an agent reported for a running <c>agent</c> step; otherwise null.</param>
/// <param name="WaitingForService">The service a <c>Waiting</c> http step waits for (Unhealthy, or its circuit breaker open); otherwise null.</param>
public sealed record StepResponse(
    string Id,
    string Type,
    StepStatus Status,
    int Attempts,
    JsonElement? Output,
    ErrorInfo? Error,
    DateTimeOffset? StartedAt,
    DateTimeOffset? CompletedAt,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<AttemptFailureResponse> Failures,
    StepWaitResponse? WaitingFor,
    StepChildrenResponse? Children,
    StepProgressResponse? Progress,
    ServiceWaitResponse? WaitingForService = null)
{
    /// <summary>Maps a grain snapshot of a step.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The API record.</returns>
    public static StepResponse From(StepSnapshot step) => new(
        step.Id, step.Type, step.Status, step.Attempts, step.Output, step.Error is null ? null : ErrorInfo.From(step.Error),
        step.StartedAt, step.CompletedAt, step.NextAttemptAt, [.. step.Failures.Select(AttemptFailureResponse.From)],
        step.WaitingFor is null ? null : StepWaitResponse.From(step.WaitingFor),
        step.Children is null ? null : StepChildrenResponse.From(step.Children),
        step.Progress is null ? null : StepProgressResponse.From(step.Progress),
        step.WaitingForService is null ? null : ServiceWaitResponse.From(step.WaitingForService));
}
