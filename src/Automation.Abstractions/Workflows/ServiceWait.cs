namespace Automation.Workflows;

/// <summary>An <c>http</c> step waiting for its service to recover instead of spending its attempts.</summary>
/// <param name="Service">The service.</param>
/// <param name="Reason">Why it waits, e.g. <c>service orders-api is Unhealthy</c>.</param>
/// <param name="Since">When the wait began.</param>
/// <param name="Until">When the wait gives up (its start plus the step's timeout) and the step fails.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceWait")]
public sealed record ServiceWait(
    [property: Id(0)] string Service,
    [property: Id(1)] string Reason,
    [property: Id(2)] DateTimeOffset Since,
    [property: Id(3)] DateTimeOffset Until);
