namespace Automation.Bench;

/// <summary>
/// Throughput figures of a system phase divided by the floor phase of the same mode measured in the same run
/// (burst by the concurrent floor, sequential by the one-at-a-time floor). 1.0 means "as fast as the bare writes".
/// </summary>
internal sealed record FloorRatios(
    double FloorWorkflowsPerSecond,
    double FloorWritesPerSecond,
    double? StartsPerSecond,
    double CompletionsPerSecondClient,
    double CompletionsPerSecondServer,
    double? RowWritesPerSecond,
    double? CommitsPerSecond)
{
    public static FloorRatios? Of(PhaseResult phase, FloorPhase? floor)
    {
        if (floor is null || floor.WorkflowsPerSecond <= 0 || floor.WritesPerSecond <= 0)
        {
            return null;
        }

        double Ratio(double value) => value / floor.WorkflowsPerSecond;
        double? WriteRatio(long? count) =>
            count is { } c && phase.WallSeconds > 0 ? c / phase.WallSeconds / floor.WritesPerSecond : null;

        return new FloorRatios(
            floor.WorkflowsPerSecond,
            floor.WritesPerSecond,
            phase.Mode == "burst" ? Ratio(phase.StartsPerSecond) : null,
            Ratio(phase.CompletionsPerSecondClient),
            Ratio(phase.CompletionsPerSecondServer),
            WriteRatio(phase.Writes?.Writes),
            WriteRatio(phase.Writes?.Commits));
    }
}
