namespace Automation.Schedules;

/// <summary>What a schedule does with fires it missed (the cluster was down, or a fire came later than the grace).</summary>
/// <remarks>Stored as numbers: never renumber; add new values at the end.</remarks>
public enum ScheduleCatchUp
{
    /// <summary>Start none of the missed fires.</summary>
    Skip,

    /// <summary>Start only the latest missed fire.</summary>
    One,

    /// <summary>Start every missed fire within <see cref="ScheduleSpec.CatchUpWindow"/>.</summary>
    All,
}
