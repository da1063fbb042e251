namespace Automation.Tasks;

/// <summary>One step's execution across its attempts, keyed <c>{workflowId}/{stepId}</c>.</summary>
[Alias("automation.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Starts the task, or resumes it from its persisted state; idempotent and safe to call again after a crash.</summary>
    /// <param name="request">What to run.</param>
    /// <returns>A task that completes when the request is accepted (not when the step finishes).</returns>
    [Alias("Schedule")]
    Task ScheduleAsync(StepRequest request);

    /// <summary>Stops the running attempt and any further retries.</summary>
    /// <returns>A task that completes when the task is stopped.</returns>
    [Alias("Cancel")]
    Task CancelAsync();
}
