using Automation.Schedules;

namespace Automation.Grains.Schedules;

/// <summary>Persisted state of a schedule: its spec, how far it has fired, and its latest runs.</summary>
[GenerateSerializer, Alias("automation.grains.ScheduleState")]
public sealed class ScheduleState
{
    /// <summary>Whether the schedule exists.</summary>
    [Id(0)] public bool Exists { get; set; }

    /// <summary>What it starts and when.</summary>
    [Id(1)] public ScheduleSpec? Spec { get; set; }

    /// <summary>When it was created.</summary>
    [Id(2)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When its spec or pause state last changed.</summary>
    [Id(3)] public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>Who created it.</summary>
    [Id(4)] public string? CreatedBy { get; set; }

    /// <summary>The latest fire time handled (started, skipped or buffered), or the creation or resume time.</summary>
    [Id(5)] public DateTimeOffset Cursor { get; set; }

    /// <summary>The latest runs, newest first (at most <see cref="ScheduleGrain.MaxRuns"/>).</summary>
    [Id(6)] public List<ScheduleRun> Runs { get; set; } = [];

    /// <summary>Fires skipped since creation.</summary>
    [Id(7)] public long Skipped { get; set; }

    /// <summary>The one fire kept by bufferOne until the previous run finishes.</summary>
    [Id(8)] public DateTimeOffset? Buffered { get; set; }

    /// <summary>Why the latest fire could not start.</summary>
    [Id(9)] public string? LastError { get; set; }

    /// <summary>The latest fire time handled, for display (the cursor also moves on resume).</summary>
    [Id(10)] public DateTimeOffset? LastFireAt { get; set; }
}
