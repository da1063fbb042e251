namespace Automation.Services;

/// <summary>A service's circuit breaker as read from its grain.</summary>
/// <param name="State">Where it stands.</param>
/// <param name="OpenUntil">While open: when a trial call may go.</param>
/// <param name="Successes">Workflow calls reported as answered since the grain was activated.</param>
/// <param name="Failures">Workflow calls reported as failed since the grain was activated.</param>
/// <param name="LastOpenedAt">When it last opened, if it did since the grain was activated.</param>
[GenerateSerializer, Immutable, Alias("automation.BreakerSnapshot")]
public sealed record BreakerSnapshot(
    [property: Id(0)] BreakerState State,
    [property: Id(1)] DateTimeOffset? OpenUntil,
    [property: Id(2)] long Successes,
    [property: Id(3)] long Failures,
    [property: Id(4)] DateTimeOffset? LastOpenedAt);
