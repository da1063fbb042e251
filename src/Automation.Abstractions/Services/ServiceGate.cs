namespace Automation.Services;

/// <summary>
/// What an <c>http</c> step needs to know about a service before calling it: the base URL its calls are matched on,
/// whether its own probes say Unhealthy, and its breaker. Pushed by the service grain to the gate board when it changes;
/// each silo keeps a copy.
/// </summary>
/// <param name="Name">The service.</param>
/// <param name="BaseUrl">The declared base URL, or the origin of its http probe URL; <see langword="null"/> when calls are matched by the <c>service</c> field only.</param>
/// <param name="Unhealthy">Whether its own probes say Unhealthy.</param>
/// <param name="Breaker">The breaker's state.</param>
/// <param name="OpenUntil">While <see cref="BreakerState.Open"/>: when the break ends and a trial call may go.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceGate")]
public sealed record ServiceGate(
    [property: Id(0)] string Name,
    [property: Id(1)] string? BaseUrl,
    [property: Id(2)] bool Unhealthy,
    [property: Id(3)] BreakerState Breaker,
    [property: Id(4)] DateTimeOffset? OpenUntil);
