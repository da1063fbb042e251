namespace Automation.Bench;

/// <summary>The burst's ratio to the floor from paired rounds (<c>--ratio-rounds</c>): the median of the rounds' ratios.</summary>
/// <param name="Rounds">The rounds, in the order run.</param>
internal sealed record PairedRatio(IReadOnlyList<PairedRound> Rounds)
{
    /// <summary>The median ratio (the mean of the middle two for an even count); 0 without rounds.</summary>
    public double Median
    {
        get
        {
            var sorted = Rounds.Select(r => r.Ratio).Order().ToArray();
            return sorted.Length == 0 ? 0
                : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2]
                : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
        }
    }
}
