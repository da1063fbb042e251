using Automation.Workflows;

namespace Automation.Schedules;

/// <summary>The result of <see cref="IScheduleGrain.TriggerAsync"/>.</summary>
/// <param name="Outcome">What the workflow start answered.</param>
/// <param name="Run">The run, when it started.</param>
[GenerateSerializer, Immutable, Alias("automation.TriggerScheduleResult")]
public sealed record TriggerScheduleResult(
    [property: Id(0)] StartWorkflowOutcome Outcome,
    [property: Id(1)] ScheduleRun? Run);
