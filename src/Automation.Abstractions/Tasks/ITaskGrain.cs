using Orleans.Concurrency;

namespace Automation.Tasks;

/// <summary>One step's execution across its attempts, keyed <c>{workflowId}/{stepId}</c>.</summary>
[Alias("automation.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Starts the task, or resumes it from its persisted state; idempotent and safe to call again after a crash.</summary>
    /// <param name="request">What to run.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    /// <remarks>
    /// One-way and always interleaved: the workflow never waits on its tasks, so the two grains can never block each
    /// other (a task may be busy or deactivating while the workflow dispatches). A lost message is re-sent by the
    /// workflow's reminder.
    /// </remarks>
    [Alias("Schedule"), OneWay, AlwaysInterleave]
    Task ScheduleAsync(StepRequest request);

    /// <summary>Stops the running attempt and any further retries.</summary>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("Cancel"), OneWay, AlwaysInterleave]
    Task CancelAsync();
}
