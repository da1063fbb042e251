using Orleans.Concurrency;

namespace Automation.Schedules;

/// <summary>
/// One schedule, keyed by schedule id: starts its definition at each cron fire time with the workflow id
/// <c>{scheduleId}:{yyyyMMddTHHmmssZ}</c>, so a fire is never started twice. A grain timer fires on time; a reminder
/// wakes it after a restart.
/// </summary>
[Alias("automation.IScheduleGrain")]
public interface IScheduleGrain : IGrainWithStringKey
{
    /// <summary>Creates or replaces the schedule; fires before now are never started by a new schedule.</summary>
    /// <param name="spec">What to start and when.</param>
    /// <param name="actor">Who asks (recorded as the creator of a new schedule).</param>
    /// <returns>The schedule, or the errors in the cron expression or time zone (nothing changed).</returns>
    [Alias("Put")]
    Task<PutScheduleResult> PutAsync(ScheduleSpec spec, string? actor);

    /// <summary>Reads the schedule.</summary>
    /// <returns>The schedule, or <see langword="null"/> when there is none with this id.</returns>
    [Alias("Get"), AlwaysInterleave]
    Task<ScheduleSnapshot?> GetAsync();

    /// <summary>Deletes the schedule; workflows it started are left alone.</summary>
    /// <returns>Whether there was a schedule.</returns>
    [Alias("Delete")]
    Task<bool> DeleteAsync();

    /// <summary>Pauses or resumes the schedule; fires due while paused are never started.</summary>
    /// <param name="paused">The new state.</param>
    /// <returns>The schedule, or <see langword="null"/> when there is none.</returns>
    [Alias("SetPaused")]
    Task<ScheduleSnapshot?> SetPausedAsync(bool paused);

    /// <summary>Starts a run now (workflow id <c>{scheduleId}:manual-{yyyyMMddTHHmmssfffZ}</c>), whatever the overlap policy or pause.</summary>
    /// <returns>The outcome of the start and the run, or <see langword="null"/> when there is no schedule.</returns>
    [Alias("Trigger")]
    Task<TriggerScheduleResult?> TriggerAsync();
}
