namespace Automation.Services;

/// <summary>Every service's gate, as of a version of the gate board.</summary>
/// <param name="Version">Bumped on every change.</param>
/// <param name="Gates">The gates by service name.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceGateTable")]
public sealed record ServiceGateTable(
    [property: Id(0)] long Version,
    [property: Id(1)] IReadOnlyDictionary<string, ServiceGate> Gates);
