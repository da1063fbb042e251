using System.Diagnostics;
using Automation.Definitions;
using Automation.Engine.Services;
using Automation.Engine.Steps;
using Automation.Engine.Workflows;
using Automation.Events;
using Automation.Grains.Diagnostics;
using Automation.Grains.Hosting;
using Automation.Grains.Live;
using Automation.Grains.Recovery;
using Automation.Grains.Services;
using Automation.Grains.Tasks;
using Automation.Persistence;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans.Storage;

namespace Automation.Grains.Workflows;

/// <summary>
/// One workflow instance: load → decide → commit → act. <see cref="WorkflowExecution"/> decides each transition in
/// memory; the grain writes the new state with one <c>WriteStateAsync</c> and only then acts on it (tasks dispatched
/// or cancelled, visibility row updated). While running it holds a reminder that re-drives unacknowledged work after a
/// silo loss.
/// </summary>
internal sealed partial class WorkflowGrain(
    StepKindRegistry kinds,
    IWorkflowIndex index,
    IHistoryStore history,
    AutomationMetrics metrics,
    IOptions<EngineOptions> options,
    IHostApplicationLifetime lifetime,
    WorkflowRecovery recovery,
    LiveFeed live,
    ServiceGateCache gates,
    AttemptHost attempts,
    TimeProvider time,
    ILogger<WorkflowGrain> logger) : Grain, IWorkflowGrain, IRemindable
{
    private const string ReminderName = "workflow";

    /// <summary>The most history events kept in state before older ones move to the history store.</summary>
    internal const int HistoryTailMax = 200;

    /// <summary>How many of the newest events stay in state after a move.</summary>
    internal const int HistoryTailKept = 50;
    private static readonly TimeSpan MaxTimerSlice = TimeSpan.FromDays(1);

    /// <summary>How much longer than an attempt's timeout the activation is kept for its report.</summary>
    private static readonly TimeSpan AttemptKeepAliveMargin = TimeSpan.FromMinutes(1);

    private readonly List<(Func<bool> Done, TaskCompletionSource Signal)> _waiters = [];
    private WorkflowDefinition? _definition;
    private IGrainReminder? _reminder;
    private IGrainTimer? _reminderTimer;
    private bool _reminderKnownAbsent;
    private WorkflowStatus? _indexedStatus;
    private IGrainTimer? _dueTimer;
    private DateTimeOffset? _dueTimerAt;
    private DateTimeOffset? _keepAliveUntil;
    private TaskCompletionSource<bool>? _inFlight;
    private long _writtenHistoryLength;
    private readonly ExecutionMemo _memo = new();
    private readonly List<ChildReport> _childReports = [];
    private readonly List<ChildCollection> _collections = [];
    private IGrainTimer? _followUp;

    private WorkflowState S => Store.State;

    private string Id => this.GetPrimaryKeyString();

    private WorkflowDefinition Definition => _definition ?? throw new InvalidOperationException("Definition not loaded.");

    private WorkflowExecution Execution => new(kinds, Id, Definition, S, _memo);

    /// <summary>The definition a workflow runs: the pinned version, or a subflow of it for a child running inline steps.</summary>
    private async Task<WorkflowDefinition?> LoadDefinitionAsync(string name, int? version, string? subflow)
    {
        var definition = await GrainFactory.GetStringKeyed<IDefinitionGrain>(name).GetAsync(version);
        return subflow is null ? definition : definition?.FindSubflow(subflow);
    }

    async Task<StartWorkflowResult> IWorkflowGrain.StartAsync(StartWorkflowCommand command)
    {
        if (S.Exists)
        {
            return await AnswerExistingAsync(command);
        }

        var definition = await LoadDefinitionAsync(command.Definition, command.Version, command.Subflow);
        if (definition is null)
        {
            return await ExistsAfterAllAsync() ? await AnswerExistingAsync(command) : new StartWorkflowResult(StartWorkflowOutcome.DefinitionNotFound, null);
        }

        // Every start path (API, child workflow step, schedules) comes here. A subflow runs inline steps of a version
        // its running parent already pinned, and a running workflow is never affected, so only new top-level starts
        // (and separately defined children) are refused.
        if (command.Subflow is null
            && await GrainFactory.GetStringKeyed<IDefinitionGrain>(command.Definition).GetDeprecationAsync(definition.Version) is { } deprecation)
        {
            return await ExistsAfterAllAsync() ? await AnswerExistingAsync(command) : new StartWorkflowResult(StartWorkflowOutcome.DefinitionDeprecated, null, Message: deprecation.Describe(definition.Name, definition.Version));
        }

        var invalid = WorkflowExecution.CheckInput(definition, command.Input);
        if (invalid.Count > 0)
        {
            return await ExistsAfterAllAsync() ? await AnswerExistingAsync(command) : new StartWorkflowResult(StartWorkflowOutcome.InputInvalid, null, invalid);
        }

        var (started, decision) = Decide(() => WorkflowExecution.Start(kinds, Id, definition, command.Input, time.GetUtcNow()));
        _definition = definition;
        _reminderKnownAbsent = true;
        started.CreatedByRequest = command.RequestId;
        started.StartedBy = command.StartedBy;
        started.Tags = [.. command.Tags];
        started.Parent = command.Parent;
        started.Subflow = command.Subflow;
        // Only a W3C context (55 characters) is kept: a legacy hierarchical Request-Id can be long and never parses.
        started.TraceParent = Activity.Current is { IdFormat: ActivityIdFormat.W3C } current ? current.Id : null;
        Activity.Current?.SetTag(AutomationTracing.WorkflowId, Id);
        Store.State = started;
        try
        {
            await CommitAsync(decision);
        }
        catch (InconsistentStateException) when (ReadSkipped)
        {
            // The workflow exists after all: the start's first write (an insert) found its row. Read it and answer as
            // any start of an existing workflow; the visibility row written before the insert is rewritten from it.
            _definition = null;
            _indexedStatus = null;
            _reminderKnownAbsent = false; // the stored workflow may hold one
            if (!await ExistsAfterAllAsync())
            {
                // The row went between the insert and the read (a retention purge): the caller's retry starts afresh.
                throw new StorageUnavailableException($"Workflow {Id} changed in storage while it started; try again.");
            }

            return await AnswerExistingAsync(command);
        }
        catch when (_writtenHistoryLength > 0)
        {
            // Written, then something after the write failed: the workflow exists and its state is what memory holds.
            // Resume it from storage in a new activation (re-sending what may not have been sent), and answer waiters.
            DropAndResume();
            throw;
        }
        catch
        {
            // Nothing written: forget it, so that the next call reads what is durable, in a new activation — a retried
            // start then creates the workflow or finds it.
            Store.State = new WorkflowState();
            Store.Etag = null;
            _definition = null;
            _loaded = null;
            DeactivateOnIdle();
            throw;
        }

        metrics.WorkflowStarted(definition.Name);
        LogStarted(Id, definition.Name, definition.Version);
        return Answer(StartWorkflowOutcome.Started, command);
    }

    /// <summary>A start's answer for a workflow that exists: its status and definition, and its snapshot unless the command is brief.</summary>
    private StartWorkflowResult Answer(StartWorkflowOutcome outcome, StartWorkflowCommand command) =>
        new(outcome, command.Brief ? null : Snapshot(), Status: S.Status, Definition: S.Definition);

    /// <summary>A start for a workflow that exists: "started" for a retry of the request that created it, else "already exists".</summary>
    private async Task<StartWorkflowResult> AnswerExistingAsync(StartWorkflowCommand command)
    {
        await UpdateIndexAsync(); // no-op unless an earlier visibility write failed
        // A retry of the very request that created it (its first answer was lost) is still told "started".
        var outcome = command.RequestId is not null && command.RequestId == S.CreatedByRequest
            ? StartWorkflowOutcome.Started
            : StartWorkflowOutcome.AlreadyExists;
        return Answer(outcome, command);
    }

    async Task<WorkflowSnapshot?> IWorkflowGrain.GetAsync()
    {
        await SettledAsync();
        return Snapshot();
    }

    Task<WorkflowSnapshot?> IWorkflowGrain.WaitForCompletionAsync(TimeSpan wait) =>
        WaitUntilAsync(() => S.Status.IsTerminal(), wait);

    Task<WorkflowSnapshot?> IWorkflowGrain.WaitForChangeAsync(int knownEvents, TimeSpan wait) =>
        WaitUntilAsync(() => S.HistoryLength > knownEvents, wait);

    /// <summary>Answers when <paramref name="done"/> holds after a committed transition, or when <paramref name="wait"/> elapses.</summary>
    private async Task<WorkflowSnapshot?> WaitUntilAsync(Func<bool> done, TimeSpan wait)
    {
        await SettledAsync();
        if (!S.Exists || done() || S.Status.IsTerminal() || wait <= TimeSpan.Zero)
        {
            return Snapshot();
        }

        var waiter = (done, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        _waiters.Add(waiter);
        try
        {
            await waiter.Item2.Task.WaitAsync(wait, time);
        }
        catch (TimeoutException)
        {
            // The caller asked for at most `wait`: answer with the current state.
        }
        finally
        {
            _waiters.Remove(waiter);
        }

        await SettledAsync();
        return Snapshot();
    }

    /// <summary>
    /// Readers interleave with transitions: they wait for a write in flight, so that they never show state that is not
    /// durable yet, and fail (503 at the API) when that write failed.
    /// </summary>
    private async Task SettledAsync()
    {
        // Until no write is in flight: a second commit may have started its write before this reader resumed.
        while (_inFlight is { } write)
        {
            if (!await write.Task)
            {
                throw new StorageUnavailableException($"Workflow {Id}: its latest change could not be written; try again.");
            }

            if (_inFlight == write)
            {
                break;
            }
        }
    }

    async Task<IReadOnlyList<WorkflowEvent>?> IWorkflowGrain.GetHistoryAsync()
    {
        await SettledAsync();
        if (!S.Exists)
        {
            return null;
        }

        var events = new List<WorkflowEvent>();
        for (WorkflowHistoryPage? page = null; page is null || page.NextAfter is not null;)
        {
            page = await ReadHistoryAsync(page?.NextAfter ?? 0, 1000);
            events.AddRange(page.Events);
        }

        return events;
    }

    async Task<WorkflowHistoryPage?> IWorkflowGrain.GetHistoryPageAsync(long afterSequence, int limit)
    {
        await SettledAsync();
        return S.Exists ? await ReadHistoryAsync(Math.Max(0, afterSequence), Math.Clamp(limit, 1, 1000)) : null;
    }

    /// <summary>Events after <paramref name="after"/>: from the history store while they are older than the tail in state.</summary>
    private async Task<WorkflowHistoryPage> ReadHistoryAsync(long after, int limit)
    {
        var offloaded = S.HistoryOffloaded;
        var tail = S.History.ToList(); // a stable copy: this call interleaves with transitions
        var events = new List<WorkflowEvent>(Math.Min(limit, 1000));
        if (after < offloaded)
        {
            events.AddRange(await history.ReadAsync(Id, after, (int)Math.Min(limit, offloaded - after)));
        }

        events.AddRange(tail.Where(e => e.Sequence > (events.Count > 0 ? events[^1].Sequence : after)).Take(limit - events.Count));
        var last = events.Count > 0 ? events[^1].Sequence : after;
        return new WorkflowHistoryPage(events, last < offloaded + tail.Count ? last : null);
    }

    async Task<CancelWorkflowResult> IWorkflowGrain.CancelAsync(string? reason)
    {
        if (!S.Exists)
        {
            DeactivateOnIdle();
            return new CancelWorkflowResult(CancelWorkflowOutcome.NotFound, null);
        }

        if (S.Status.IsTerminal())
        {
            return new CancelWorkflowResult(CancelWorkflowOutcome.AlreadyFinished, Snapshot());
        }

        await CommitAsync(Decide(() => Execution.Cancel(reason, time.GetUtcNow())));
        return new CancelWorkflowResult(CancelWorkflowOutcome.Cancelled, Snapshot());
    }

    async Task IWorkflowGrain.ReportTaskAsync(TaskReport report)
    {
        if (S.Exists)
        {
            await CommitAsync(Decide(() => Execution.Apply(report, time.GetUtcNow())));
        }

        if (report.Kind != TaskReportKind.Deferred)
        {
            attempts.Recorded(Id, report.StepId, report.Attempt); // this silo's host may forget the finished attempt
        }
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

        await ResumeAsync();
    }

    Task IWorkflowGrain.ResumeAsync()
    {
        if (!S.Exists)
        {
            DeactivateOnIdle();
            return Task.CompletedTask;
        }

        return S.Status.IsActive() ? ResumeAsync() : UpdateIndexAsync();
    }

    /// <summary>The silo's copy of a service's gate (no grain call): a step waiting for a service still closed re-arms in memory.</summary>
    private Func<string, GateVerdict?> ServiceGateAt(DateTimeOffset now)
    {
        var table = gates.Gates();
        return service => table.TryGetValue(service, out var gate) ? ServiceGates.Check(gate, now) : null;
    }

    /// <summary>Runs the engine; if it throws half-way, memory may differ from storage: drop this activation.</summary>
    private T Decide<T>(Func<T> decide)
    {
        try
        {
            return decide();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    /// <summary>Runs what is due (retries, waiting steps) and re-sends every attempt whose outcome is not recorded.</summary>
    private async Task ResumeAsync()
    {
        var now = time.GetUtcNow();
        await CommitAsync(Decide(() => Execution.Resume(now, ServiceGateAt(now))));
        await UpdateIndexAsync(); // no-op unless an earlier visibility write failed
    }
}
