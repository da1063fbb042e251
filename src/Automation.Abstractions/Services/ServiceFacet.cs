namespace Automation.Services;

/// <summary>What the list's roll-ups need of one matching service.</summary>
/// <param name="Status">Its shown status.</param>
/// <param name="Tags">Its tags.</param>
/// <param name="Owner">Its owner.</param>
[GenerateSerializer, Immutable, Alias("automation.ServiceFacet")]
public sealed record ServiceFacet(
    [property: Id(0)] ServiceStatus Status,
    [property: Id(1)] IReadOnlyList<string> Tags,
    [property: Id(2)] string? Owner);
