namespace Automation.Operations;

/// <summary>One silo in a silo's membership view.</summary>
/// <param name="Address">Its address (endpoint and generation).</param>
/// <param name="Name">Its silo name.</param>
/// <param name="Status">Its membership status.</param>
[GenerateSerializer, Immutable, Alias("automation.ClusterMemberView")]
public sealed record ClusterMemberView(
    [property: Id(0)] SiloAddress Address,
    [property: Id(1)] string Name,
    [property: Id(2)] SiloStatus Status);
