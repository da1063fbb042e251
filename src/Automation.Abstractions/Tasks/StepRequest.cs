using System.Text.Json;
using Automation.Definitions;

namespace Automation.Tasks;

/// <summary>Everything a task grain needs to run one attempt of a step: rendered arguments, attempt number and timeout.</summary>
/// <param name="WorkflowId">The owning workflow.</param>
/// <param name="StepId">The step id.</param>
/// <param name="Type">The handler type.</param>
/// <param name="With">The handler arguments with templates already rendered.</param>
/// <param name="Retry">The effective retry policy.</param>
/// <param name="Timeout">The per-attempt timeout.</param>
/// <param name="ScheduledAt">When the workflow durably dispatched the step; durable timers count from here.</param>
/// <param name="Attempt">The 1-based attempt to run; the workflow records it as dispatched before sending.</param>
[GenerateSerializer, Immutable, Alias("automation.StepRequest")]
public sealed record StepRequest(
    [property: Id(0)] string WorkflowId,
    [property: Id(1)] string StepId,
    [property: Id(2)] string Type,
    [property: Id(3)] JsonElement With,
    [property: Id(4)] RetryPolicy Retry,
    [property: Id(5)] TimeSpan Timeout,
    [property: Id(6)] DateTimeOffset ScheduledAt,
    [property: Id(7)] int Attempt)
{
    /// <summary>The priority and deadlines of an <c>agent</c> step; <see langword="null"/> for other kinds.</summary>
    [Id(8)] public AgentStepOptions? Agent { get; init; }

    /// <summary>
    /// The W3C <c>traceparent</c> of the workflow's trace (of the request that started it), so that the step's span
    /// and its outgoing calls join that trace; <see langword="null"/> when the start was not traced.
    /// </summary>
    [Id(9)] public string? TraceParent { get; init; }
}
