using Automation.Definitions;
using Automation.Events;
using Automation.Grains.Diagnostics;
using Automation.Grains.Handlers;
using Automation.Grains.Hosting;
using Automation.Postgres;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Workflows;

/// <summary>
/// One workflow instance. Every transition is computed in memory, written with one <c>WriteStateAsync</c>, and only then
/// acted on (tasks dispatched or cancelled, visibility row updated). While running it holds a reminder that re-drives
/// unacknowledged work after a silo loss; <c>transform</c> steps run inline and cost no extra write.
/// </summary>
internal sealed partial class WorkflowGrain(
    [PersistentState("workflow", StorageNames.Workflows)] IPersistentState<WorkflowState> state,
    StepHandlerRegistry handlers,
    IWorkflowIndex index,
    AutomationMetrics metrics,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain, IRemindable
{
    private const string ReminderName = "workflow";

    private readonly List<TaskCompletionSource> _waiters = [];
    private WorkflowDefinition? _definition;
    private IGrainReminder? _reminder;
    private bool _reminderKnownAbsent;
    private WorkflowStatus? _indexedStatus;

    private WorkflowState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (!S.Exists)
        {
            return;
        }

        _definition = await GrainFactory.GetGrain<IDefinitionGrain>(S.Definition).GetAsync(S.Version)
            ?? throw new InvalidOperationException($"Workflow {Id} pins definition {S.Definition} v{S.Version}, which does not exist.");
        if (S.Status == WorkflowStatus.Running)
        {
            // Resume promptly after a failover instead of waiting for the next reminder tick.
            this.RegisterGrainTimer(_ => RedriveAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }
    }

    async Task<StartWorkflowResult> IWorkflowGrain.StartAsync(StartWorkflowCommand command)
    {
        if (S.Exists)
        {
            await UpdateIndexAsync(); // no-op unless an earlier visibility write failed
            return new StartWorkflowResult(StartWorkflowOutcome.AlreadyExists, Snapshot());
        }

        var definition = await GrainFactory.GetGrain<IDefinitionGrain>(command.Definition).GetAsync(command.Version);
        if (definition is null)
        {
            return new StartWorkflowResult(StartWorkflowOutcome.DefinitionNotFound, null);
        }

        var now = time.GetUtcNow();
        _definition = definition;
        _reminderKnownAbsent = true;
        state.State = new WorkflowState
        {
            Definition = definition.Name,
            Version = definition.Version,
            Status = WorkflowStatus.Running,
            Input = command.Input,
            CreatedAt = now,
            Steps = definition.Steps.ToDictionary(s => s.Id, _ => new StepState(), StringComparer.Ordinal),
        };
        Append(seq => new WorkflowStarted(seq, now, definition.Name, definition.Version));
        var actions = Advance(now);
        try
        {
            await CommitAsync(actions);
        }
        catch
        {
            // Nothing durable happened: forget it, so a retried start creates the workflow instead of finding a ghost.
            state.State = new WorkflowState();
            _definition = null;
            throw;
        }

        metrics.WorkflowStarted(definition.Name);
        LogStarted(Id, definition.Name, definition.Version);
        return new StartWorkflowResult(StartWorkflowOutcome.Started, Snapshot());
    }

    Task<WorkflowSnapshot?> IWorkflowGrain.GetAsync() => Task.FromResult(Snapshot());

    async Task<WorkflowSnapshot?> IWorkflowGrain.WaitForCompletionAsync(TimeSpan wait)
    {
        if (!S.Exists || S.Status.IsTerminal() || wait <= TimeSpan.Zero)
        {
            return Snapshot();
        }

        var waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiters.Add(waiter);
        try
        {
            await waiter.Task.WaitAsync(wait, time);
        }
        catch (TimeoutException)
        {
            // The caller asked for at most `wait`: answer with the current state.
        }
        finally
        {
            _waiters.Remove(waiter);
        }

        return Snapshot();
    }

    Task<IReadOnlyList<WorkflowEvent>?> IWorkflowGrain.GetHistoryAsync() =>
        Task.FromResult<IReadOnlyList<WorkflowEvent>?>(S.Exists ? [.. S.History] : null);

    async Task<WorkflowSnapshot?> IWorkflowGrain.CancelAsync(string? reason)
    {
        if (!S.Exists || S.Status.IsTerminal())
        {
            return Snapshot();
        }

        var now = time.GetUtcNow();
        var actions = new WorkflowActions();
        foreach (var step in Definition.Steps)
        {
            var st = S.Steps[step.Id];
            if (st.Status is StepStatus.Running or StepStatus.Retrying)
            {
                actions.Cancel.Add(step.Id);
            }

            if (!st.Status.IsTerminal())
            {
                st.Status = StepStatus.Cancelled;
                st.CompletedAt = now;
                st.NextAttemptAt = null;
                Append(seq => new StepCancelled(seq, now, step.Id));
            }
        }

        S.Status = WorkflowStatus.Cancelled;
        S.Error = new StepError("cancelled", reason ?? "Cancelled on request.", Retryable: false);
        S.CompletedAt = now;
        Append(seq => new WorkflowCancelled(seq, now, reason));
        await CommitAsync(actions);
        return Snapshot();
    }

    async Task IWorkflowGrain.ReportTaskAsync(TaskReport report)
    {
        if (!S.Exists || !S.Steps.TryGetValue(report.StepId, out var st))
        {
            return;
        }

        if (S.Status.IsTerminal() || st.Status.IsTerminal())
        {
            // Late or duplicate report: the outcome is already recorded. A task still retrying a step that was stopped
            // missed its (one-way) cancel: send it again.
            if (report.Kind == TaskReportKind.Retrying && st.Status != StepStatus.Completed)
            {
                await CancelTaskAsync(report.StepId);
            }

            return;
        }

        if (st.Status is not (StepStatus.Running or StepStatus.Retrying) || report.Attempt < st.AttemptsFinished)
        {
            return; // Never dispatched, or older than what is recorded (one-way messages may arrive out of order).
        }

        var now = time.GetUtcNow();
        var step = Definition.FindStep(report.StepId)!;
        var actions = new WorkflowActions();
        switch (report.Kind)
        {
            case TaskReportKind.Retrying when st.Failures.Any(f => f.Attempt == report.Attempt):
                return;
            case TaskReportKind.Retrying:
                RecordFailure(st, report);
                st.Status = StepStatus.Retrying;
                st.NextAttemptAt = report.NextAttemptAt;
                Append(seq => new StepRetrying(seq, report.FinishedAt, step.Id, report.Attempt, report.Error!, report.NextAttemptAt ?? report.FinishedAt));
                break;
            case TaskReportKind.Completed:
                Append(seq => new StepStarted(seq, report.StartedAt, step.Id, report.Attempt));
                st.Status = StepStatus.Completed;
                st.AttemptsFinished = report.Attempt;
                st.Output = report.Output;
                st.Error = null;
                st.NextAttemptAt = null;
                st.CompletedAt = report.FinishedAt;
                Append(seq => new StepCompleted(seq, report.FinishedAt, step.Id, report.Attempt));
                metrics.StepFinished(step.Type, "completed", report.FinishedAt - (st.ScheduledAt ?? report.StartedAt));
                actions = Advance(now);
                break;
            case TaskReportKind.Failed:
                RecordFailure(st, report);
                FailStep(step, st, report.Attempt, report.Error!, report.FinishedAt, actions);
                break;
        }

        await CommitAsync(actions);
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (!S.Exists)
        {
            // Registered just before a start whose state write never happened: nothing to resume.
            await UnregisterReminderAsync();
            DeactivateOnIdle();
            return;
        }

        if (S.Status.IsTerminal())
        {
            await UpdateIndexAsync(); // also drops the reminder once the index is current
            return;
        }

        await RedriveAsync();
    }

    private WorkflowDefinition Definition => _definition ?? throw new InvalidOperationException("Definition not loaded.");

    private void RecordFailure(StepState st, TaskReport report)
    {
        Append(seq => new StepStarted(seq, report.StartedAt, report.StepId, report.Attempt));
        st.AttemptsFinished = report.Attempt;
        st.Error = report.Error;

        // Only the latest failed attempt keeps what it produced (e.g. the HTTP response): the state is rewritten on
        // every transition, so keeping every response would grow it with each retry.
        for (var i = 0; i < st.Failures.Count; i++)
        {
            st.Failures[i] = st.Failures[i] with { Output = null };
        }

        st.Failures.Add(new AttemptFailure(report.Attempt, report.StartedAt, report.FinishedAt, report.Error!, report.Output));
    }

    private void Append(Func<long, WorkflowEvent> create) => S.History.Add(create(S.History.Count + 1));
}
