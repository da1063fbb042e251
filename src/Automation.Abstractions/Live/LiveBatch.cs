namespace Automation.Live;

/// <summary>The changes one silo flushed at once (about every 250 ms), coalesced: a workflow appears once, with its latest state.</summary>
/// <param name="Changes">The changes, oldest first.</param>
/// <param name="Dropped">How many changes the silo dropped since its previous batch because its buffer was full.</param>
[GenerateSerializer, Immutable, Alias("automation.LiveBatch")]
public sealed record LiveBatch(
    [property: Id(0)] IReadOnlyList<LiveChange> Changes,
    [property: Id(1)] long Dropped);
