using Orleans.Concurrency;

namespace Automation.Tasks;

/// <summary>
/// Runs one attempt at a time of one step, keyed <c>{workflowId}/{stepId}</c>. It keeps no state of its own: the
/// workflow records each attempt as dispatched before sending it, decides retries, and re-sends a request whose
/// outcome it has not recorded (execution is at-least-once, with the attempt's idempotency key).
/// </summary>
[Alias("automation.ITaskGrain")]
public interface ITaskGrain : IGrainWithStringKey
{
    /// <summary>Runs the request's attempt and reports its outcome; a request for the attempt already running (or an older one) is ignored.</summary>
    /// <param name="request">What to run.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    /// <remarks>
    /// One-way and always interleaved: the workflow never waits on its tasks, so the two grains can never block each
    /// other (a task may be busy or deactivating while the workflow dispatches). A lost message is re-sent by the
    /// workflow's reminder.
    /// </remarks>
    [Alias("Schedule"), OneWay, AlwaysInterleave]
    Task ScheduleAsync(StepRequest request);

    /// <summary>Stops the running attempt; its outcome is not reported.</summary>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("Cancel"), OneWay, AlwaysInterleave]
    Task CancelAsync();
}
