using Automation.Events;
using Automation.Tasks;
using Orleans.Concurrency;

namespace Automation.Workflows;

/// <summary>One workflow instance, keyed by workflow id.</summary>
[Alias("automation.IWorkflowGrain")]
public interface IWorkflowGrain : IGrainWithStringKey
{
    /// <summary>Starts the workflow; idempotent: a second start returns the existing instance.</summary>
    /// <param name="command">What to start.</param>
    /// <returns>The outcome and the current state.</returns>
    [Alias("Start")]
    Task<StartWorkflowResult> StartAsync(StartWorkflowCommand command);

    /// <summary>Reads the current state.</summary>
    /// <returns>The state, or <see langword="null"/> when no workflow has this id.</returns>
    [Alias("Get"), AlwaysInterleave]
    Task<WorkflowSnapshot?> GetAsync();

    /// <summary>Waits until the workflow reaches a final status or <paramref name="wait"/> elapses, then returns its state.</summary>
    /// <param name="wait">The longest time to wait; keep it below the Orleans response timeout.</param>
    /// <returns>The state, or <see langword="null"/> when no workflow has this id.</returns>
    [Alias("WaitForCompletion"), AlwaysInterleave]
    Task<WorkflowSnapshot?> WaitForCompletionAsync(TimeSpan wait);

    /// <summary>Waits until the workflow records more than <paramref name="knownEvents"/> history events (any progress) or <paramref name="wait"/> elapses, then returns its state.</summary>
    /// <param name="knownEvents">How many events the caller has seen; 0 returns at the first event (at once for a started workflow).</param>
    /// <param name="wait">The longest time to wait; keep it below the Orleans response timeout.</param>
    /// <returns>The state, or <see langword="null"/> when no workflow has this id.</returns>
    [Alias("WaitForChange"), AlwaysInterleave]
    Task<WorkflowSnapshot?> WaitForChangeAsync(int knownEvents, TimeSpan wait);

    /// <summary>Reads the whole ordered history of events (see <see cref="GetHistoryPageAsync"/> for long workflows).</summary>
    /// <returns>The events, oldest first, or <see langword="null"/> when no workflow has this id.</returns>
    [Alias("GetHistory"), AlwaysInterleave]
    Task<IReadOnlyList<WorkflowEvent>?> GetHistoryAsync();

    /// <summary>Reads one page of the ordered history.</summary>
    /// <param name="afterSequence">Only events after this sequence (0 for the first page).</param>
    /// <param name="limit">At most this many events (1 to 1000).</param>
    /// <returns>The page, or <see langword="null"/> when no workflow has this id.</returns>
    [Alias("GetHistoryPage"), AlwaysInterleave]
    Task<WorkflowHistoryPage?> GetHistoryPageAsync(long afterSequence, int limit);

    /// <summary>Cancels a running workflow in one turn: running steps are stopped and pending ones are marked cancelled.</summary>
    /// <param name="reason">Why, recorded in the history.</param>
    /// <returns>Whether this request cancelled it (or it had already finished, or does not exist) and the state after it.</returns>
    [Alias("CancelWithOutcome")]
    Task<CancelWorkflowResult> CancelAsync(string? reason);

    /// <summary>Terminates a running or paused workflow at once: running steps and child workflows are stopped, the others never run; status <see cref="WorkflowStatus.Terminated"/>.</summary>
    /// <param name="reason">Why, recorded in the history and the error.</param>
    /// <returns>Applied, NotFound, or Conflict when it had already finished.</returns>
    [Alias("Terminate")]
    Task<ControlWorkflowResult> TerminateAsync(string? reason);

    /// <summary>Runs a failed, timed-out, terminated or cancelled workflow again from the steps that did not complete, keeping completed steps' outputs.</summary>
    /// <param name="command">An optional input patch, the reason and who asked.</param>
    /// <returns>Applied, NotFound, Conflict when it is not in a retryable status, or InputInvalid when the patched input violates the input schema.</returns>
    [Alias("Retry")]
    Task<ControlWorkflowResult> RetryAsync(RetryWorkflowCommand command);

    /// <summary>Pauses a running workflow: running steps finish and are recorded, no new step, retry or child is dispatched until <see cref="UnpauseAsync"/>.</summary>
    /// <param name="reason">Why, recorded in the history.</param>
    /// <returns>Applied, NotFound, or Conflict when it is not running.</returns>
    [Alias("Pause")]
    Task<ControlWorkflowResult> PauseAsync(string? reason);

    /// <summary>Resumes a paused workflow: what became ready or due meanwhile is dispatched now.</summary>
    /// <returns>Applied, NotFound, or Conflict when it is not paused.</returns>
    [Alias("Unpause")]
    Task<ControlWorkflowResult> UnpauseAsync();

    /// <summary>Receives a child workflow's final status; duplicates and reports for runs the step no longer waits for are ignored.</summary>
    /// <param name="report">The report.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    /// <remarks>One-way, like <see cref="ReportTaskAsync"/>: until the parent records it, the parent's reminder asks the child again.</remarks>
    [Alias("ChildFinished"), OneWay]
    Task ChildFinishedAsync(ChildReport report);

    /// <summary>Delivers a signal: the first step waiting for <paramref name="name"/> takes the payload as its output; otherwise it is kept until such a step activates.</summary>
    /// <param name="name">The signal name.</param>
    /// <param name="payload">Any JSON.</param>
    /// <param name="requestId">Identifies the request: a repeat of a request the workflow applied (among its latest 50) is answered as the first one was and changes nothing.</param>
    /// <returns>What happened to the signal and the state after it.</returns>
    [Alias("Signal")]
    Task<SignalWorkflowResult> SignalAsync(string name, System.Text.Json.JsonElement payload, string? requestId = null);

    /// <summary>Records an approval decision on a waiting approval step: approve completes it, reject fails it.</summary>
    /// <param name="command">The step, the decision and who made it.</param>
    /// <returns>Whether it was recorded and the state after it.</returns>
    [Alias("Approve")]
    Task<ApproveStepResult> ApproveAsync(ApproveStepCommand command);

    /// <summary>
    /// Resumes a running workflow now: runs what is due and re-sends every attempt whose outcome is not recorded. Used
    /// by the silos' recovery after a silo loss or a storage outage; a no-op for a finished or unknown workflow.
    /// </summary>
    /// <returns>A task that completes when the workflow has resumed.</returns>
    [Alias("Resume")]
    Task ResumeAsync();

    /// <summary>Receives a report from one of the workflow's task grains; duplicates are ignored.</summary>
    /// <param name="report">The report.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    /// <remarks>
    /// One-way, so a task never waits on its workflow. The acknowledgement is the workflow's own loop: until the step
    /// is recorded, the workflow's reminder re-sends the step's request, and a task that has a result reports it again.
    /// </remarks>
    [Alias("ReportTask"), OneWay]
    Task ReportTaskAsync(TaskReport report);

    /// <summary>
    /// Records an agent's progress on a running attempt (in memory, shown on the step) and answers whether the
    /// workflow still wants that attempt (it is not cancelled, terminated, finished or superseded).
    /// </summary>
    /// <param name="stepId">The step.</param>
    /// <param name="attempt">The attempt (1-based).</param>
    /// <param name="progress">The progress.</param>
    /// <returns><see langword="true"/> while the attempt is current.</returns>
    [Alias("ReportProgress"), AlwaysInterleave]
    Task<bool> ReportProgressAsync(string stepId, int attempt, StepProgress progress);
}
