namespace Automation.Services;

/// <summary>Outcomes of <c>http</c> step calls to a service that one silo saw since its previous report.</summary>
/// <param name="Successes">Calls the service answered (any status but 5xx).</param>
/// <param name="Failures">Calls that failed on the service's side: connection errors, timeouts, 5xx.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceCallCounts")]
public sealed record ServiceCallCounts(
    [property: Id(0)] int Successes,
    [property: Id(1)] int Failures);
