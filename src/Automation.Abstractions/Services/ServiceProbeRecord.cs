namespace Automation.Services;

/// <summary>One probe result of one service, as kept in PostgreSQL.</summary>
/// <param name="Service">The service name.</param>
/// <param name="Result">The result.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceProbeRecord")]
public sealed record ServiceProbeRecord(
    [property: Id(0)] string Service,
    [property: Id(1)] ProbeResult Result);
