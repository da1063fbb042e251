namespace Automation.Schedules;

/// <summary>What a fire does while the schedule's previous run is still running or paused.</summary>
/// <remarks>Stored as numbers: never renumber; add new values at the end.</remarks>
public enum ScheduleOverlap
{
    /// <summary>Skip the fire.</summary>
    Skip,

    /// <summary>Start it anyway.</summary>
    Allow,

    /// <summary>Keep one fire and start it when the previous run finishes; further fires meanwhile are skipped.</summary>
    BufferOne,

    /// <summary>Cancel the previous run, then start.</summary>
    CancelPrevious,
}
