namespace Automation.Engine.Schedules;

/// <summary>What a schedule does when it wakes: the fires to start now, in order, and when to wake next.</summary>
/// <param name="Fires">The fire times to start now (on time, plus the missed ones catch-up keeps), ascending.</param>
/// <param name="Skipped">Missed fires that catch-up drops.</param>
/// <param name="Cursor">The latest fire time handled: the next plan starts after it.</param>
/// <param name="NextWakeAt">When the next fire is due (its time plus jitter), or <see langword="null"/> when the expression has no more.</param>
public sealed record SchedulePlan(IReadOnlyList<DateTimeOffset> Fires, int Skipped, DateTimeOffset Cursor, DateTimeOffset? NextWakeAt);
