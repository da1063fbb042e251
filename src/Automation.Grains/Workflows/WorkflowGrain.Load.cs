using Automation.Engine.Workflows;
using Automation.Grains.Hosting;
using Automation.Persistence;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Core;
using Orleans.Storage;

namespace Automation.Grains.Workflows;

/// <summary>
/// Loading the workflow's state: on the first call of an activation rather than in <c>OnActivateAsync</c>, so that a
/// start skips the read. A start is nearly always of a new workflow, and the read is one PostgreSQL round trip (and
/// transaction) on the start path. A start of a workflow that exists finds out without it: its first write inserts,
/// and the insert of an existing row fails (<see cref="InconsistentStateException"/>); so does a start that is refused
/// (unknown definition, invalid input), which reads before answering, since a workflow that exists is answered as
/// such whatever the start asks.
/// </summary>
[GrainState(StateName, typeof(WorkflowState))]
internal sealed partial class WorkflowGrain : IIncomingGrainCallFilter
{
    /// <summary>The grain-storage state name: the same row the <c>[PersistentState("workflow", …)]</c> facet used.</summary>
    private const string StateName = "workflow";

    private StateStorageBridge<WorkflowState>? _store;
    private Task? _loaded;

    /// <summary>Set while a start runs without having read its state; completed (and cleared) once it has written or read. Interleaved readers wait for it.</summary>
    private TaskCompletionSource? _startWithoutRead;

    /// <summary>This activation was created by a start that has neither read nor written its state yet.</summary>
    private bool ReadSkipped => _startWithoutRead is not null;

    /// <summary>The insert-only visibility row of a start that skipped the read found a row already there.</summary>
    private bool _anchorRefused;

    private IGrainStorage? _storage;

    private IGrainStorage Storage => _storage ??= ServiceProvider.GetRequiredKeyedService<IGrainStorage>(StorageNames.Workflows);

    private IWorkflowStateWriter? _stateWriter;
    private bool _stateWriterResolved;

    /// <summary>
    /// Writes every state of this workflow, with the visibility row in the same transaction when the status changed
    /// (ADR 0030), group-committed with other workflows' writes (ADR 0031); none with storage other than PostgreSQL.
    /// </summary>
    private IWorkflowStateWriter? StateWriter
    {
        get
        {
            if (!_stateWriterResolved)
            {
                _stateWriter = ServiceProvider.GetService<IWorkflowStateWriter>();
                _stateWriterResolved = true;
            }

            return _stateWriter;
        }
    }

    /// <summary>The workflow's durable state in <see cref="StorageNames.Workflows"/>.</summary>
    private StateStorageBridge<WorkflowState> Store => _store ??= new StateStorageBridge<WorkflowState>(StateName, GrainContext, Storage);

    async Task IIncomingGrainCallFilter.Invoke(IIncomingGrainCallContext context)
    {
        TaskCompletionSource? skipped = null;
        if (_loaded is null && context.Request.GetArgumentCount() == 1 && context.Request.GetArgument(0) is StartWorkflowCommand)
        {
            Store.State = new WorkflowState();
            Store.Etag = null; // an insert, whatever this activation knew before
            _loaded = Task.CompletedTask;
            _startWithoutRead = skipped = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
        else
        {
            // An interleaved reader during such a start: what is in memory is not known to be what is stored yet.
            while (_startWithoutRead is { } start)
            {
                await start.Task;
            }
        }

        var load = _loaded ??= LoadAsync();
        try
        {
            await load;
        }
        catch
        {
            // Storage did not answer: the next call (of a new activation) reads again.
            if (_loaded == load)
            {
                _loaded = null;
            }

            DeactivateOnIdle();
            throw;
        }

        try
        {
            await context.Invoke();
        }
        finally
        {
            if (skipped is not null)
            {
                if (ReadSkipped)
                {
                    // The start ended (failed) having neither written nor read: nothing here is known to be stored.
                    // The next call reads, in a new activation.
                    Store.State = new WorkflowState();
                    Store.Etag = null;
                    _loaded = null;
                    DeactivateOnIdle();
                }

                StartSettled();
            }
        }
    }

    /// <summary>
    /// A start that skipped the read reads now, before it answers from what is stored: whether the workflow exists.
    /// </summary>
    private async Task<bool> ExistsAfterAllAsync()
    {
        if (!ReadSkipped)
        {
            return false;
        }

        Store.State = new WorkflowState();
        Store.Etag = null;
        try
        {
            await LoadAsync();
        }
        catch
        {
            // Still unread as far as anyone may rely on: the filter drops this activation when the start ends.
            Store.State = new WorkflowState();
            _definition = null;
            throw;
        }

        StartSettled();
        return S.Exists;
    }

    /// <summary>The start that skipped the read has written or read: memory is what is stored, and readers go on.</summary>
    private void StartSettled()
    {
        if (_startWithoutRead is { } start)
        {
            _startWithoutRead = null;
            start.TrySetResult();
        }
    }

    /// <summary>
    /// The first write of a start that skipped the read, straight to the provider: the insert finding the workflow
    /// (<see cref="InconsistentStateException"/>) is an answer here, not a storage failure for Orleans' error log and
    /// write-error metric (which <c>AutomationStorageWriteErrors</c> alerts on). Later writes go through
    /// <see cref="Store"/>, which takes over the version this write got.
    /// </summary>
    private async Task InsertStateAsync()
    {
        var first = new GrainState<WorkflowState>(S);
        try
        {
            await Storage.WriteStateAsync(StateName, this.GetGrainId(), first);
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            // A real storage failure: once more through the bridge (an insert too), so that one that persists shows in
            // Orleans' storage error log, metric and alert like any other write's.
            await Store.WriteStateAsync();
            return;
        }

        Store.Etag = first.ETag;
    }

    /// <summary>
    /// Writes the state through <see cref="StateWriter"/>, group-committed with other workflows' writes (ADR 0031), and
    /// with its visibility row in the same transaction when <paramref name="row"/> is given (ADR 0030); the bridge takes
    /// over the version. A first write is an insert, refused (<see cref="InconsistentStateException"/>) when the
    /// workflow exists, as <see cref="InsertStateAsync"/>'s. A real failure is tried once more the separate way — the
    /// row first as the recovery anchor of a running workflow, then the state through the bridge — so that one that
    /// persists shows in Orleans' storage error log, metric and alert like any other write's.
    /// </summary>
    /// <param name="row">The visibility row when the status changed, else <see langword="null"/>.</param>
    private async Task WriteWithRowAsync(WorkflowIndexEntry? row)
    {
        var state = new GrainState<WorkflowState>(S) { ETag = Store.Etag };
        try
        {
            await StateWriter!.WriteAsync(StateName, this.GetGrainId(), state, row);
        }
        catch (Exception ex) when (ex is not InconsistentStateException)
        {
            LogStateWithRowFailed(ex, Id);
            if (row is not null && S.Status.IsActive())
            {
                await EnsureResumableAsync(anchorWithState: false);
            }

            await (ReadSkipped ? InsertStateAsync() : Store.WriteStateAsync());
            return;
        }

        Store.Etag = state.ETag;
        if (row is not null)
        {
            _indexedStatus = row.Status;
        }
    }

    /// <summary>Reads the state and, for a started workflow, what it runs; an active one resumes at once.</summary>
    private async Task LoadAsync()
    {
        await Store.ReadStateAsync();
        if (!S.Exists)
        {
            return;
        }

        _definition = await LoadDefinitionAsync(S.Definition, S.Version, S.Subflow)
            ?? throw new InvalidOperationException($"Workflow {Id} pins definition {S.Definition} v{S.Version}{(S.Subflow is null ? "" : $" subflow {S.Subflow}")}, which does not exist.");
        _writtenHistoryLength = S.HistoryLength;
        await RestoreStepsAsync(); // WorkflowGrain.Steps.cs: archived and untouched steps back into S.Steps
        SeedAnnouncedApprovals();
        if (S.Status.IsActive())
        {
            // Resume promptly after a failover or a deactivation instead of waiting for the next reminder tick.
            this.RegisterGrainTimer(_ => ResumeAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        RetireWhenFinished(); // loaded finished (a read of an old workflow): it leaves memory again soon
    }
}
