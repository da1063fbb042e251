using System.Text.Json;

namespace Automation.Workflows;

/// <summary>The visible state of one step.</summary>
/// <param name="Id">The step id.</param>
/// <param name="Type">The handler type.</param>
/// <param name="Status">The step status.</param>
/// <param name="Attempts">Attempts started so far.</param>
/// <param name="Output">The output once completed.</param>
/// <param name="Error">The last error, if any.</param>
/// <param name="StartedAt">When the first attempt was dispatched.</param>
/// <param name="CompletedAt">When the step reached a final status.</param>
/// <param name="NextAttemptAt">When the next attempt runs, while retrying.</param>
/// <param name="Failures">Every failed attempt with its error.</param>
[GenerateSerializer, Immutable, Alias("automation.StepSnapshot")]
public sealed record StepSnapshot(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] StepStatus Status,
    [property: Id(3)] int Attempts,
    [property: Id(4)] JsonElement? Output,
    [property: Id(5)] StepError? Error,
    [property: Id(6)] DateTimeOffset? StartedAt,
    [property: Id(7)] DateTimeOffset? CompletedAt,
    [property: Id(8)] DateTimeOffset? NextAttemptAt,
    [property: Id(9)] IReadOnlyList<AttemptFailure> Failures)
{
    /// <summary>What the step waits for while <see cref="StepStatus.Waiting"/> on a signal or an approval.</summary>
    [Id(10)] public StepWait? WaitingFor { get; init; }

    /// <summary>The child workflows of a <c>workflow</c>, <c>foreach</c> or <c>parallel</c> step once it has started; <see langword="null"/> for other kinds.</summary>
    [Id(11)] public StepChildren? Children { get; init; }

    /// <summary>The latest progress an agent reported for the running attempt of an <c>agent</c> step; <see langword="null"/> otherwise.</summary>
    [Id(12)] public StepProgress? Progress { get; init; }

    /// <summary>The service an <c>http</c> step waits for while <see cref="StepStatus.Waiting"/> (Unhealthy, or its breaker open); <see langword="null"/> otherwise.</summary>
    [Id(13)] public ServiceWait? WaitingForService { get; init; }
}
