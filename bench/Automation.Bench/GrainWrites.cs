namespace Automation.Bench;

/// <summary>Rows of one grain type in <c>orleansstorage</c> and the sum of their versions (one per state write).</summary>
internal sealed record GrainWrites(long Rows, long Writes)
{
    public GrainWrites Minus(GrainWrites other) => new(Rows - other.Rows, Writes - other.Writes);
}
