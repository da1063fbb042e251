using Automation.Grains.Hosting;
using Automation.Operations;
using Automation.Persistence;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Operations;

/// <summary>
/// One batch operation: walks the visibility table a page at a time (newest first, by the keyset cursor on
/// <c>(created_at, workflow_id)</c>, so each workflow is visited once even when the action changes its status), applies
/// the action to each workflow with bounded concurrency, and writes the cursor with the counters after each page.
/// While running it holds a reminder, so a lost silo resumes the walk from the last saved page.
/// </summary>
internal sealed partial class BatchOperationGrain(
    [PersistentState("batch-operation", StorageNames.Workflows)] IPersistentState<BatchOperationState> state,
    IWorkflowIndex index,
    IOptions<EngineOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<BatchOperationGrain> logger) : Grain, IBatchOperationGrain, IRemindable
{
    /// <summary>Workflows read from the visibility table per page; the cursor and counters are written after each.</summary>
    internal const int PageSize = 200;

    /// <summary>Workflows acted on at the same time.</summary>
    internal const int Concurrency = 16;

    private const string ReminderName = "batch-operation";

    private IGrainTimer? _nextPage;
    private int _pageRetries;
    private BatchOperationSnapshot? _durable;

    private BatchOperationState S => state.State;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (S.Exists)
        {
            _durable = Snapshot();
            if (S.Status == BatchOperationStatus.Running)
            {
                // Resume promptly after a failover instead of waiting for the next reminder tick.
                ScheduleNextPage();
            }
        }

        return Task.CompletedTask;
    }

    async Task<BatchOperationSnapshot> IBatchOperationGrain.StartAsync(StartBatchOperationCommand command)
    {
        if (S.Exists)
        {
            return _durable ?? Snapshot();
        }

        if (command.Filter.IsEmpty)
        {
            throw new ArgumentException("A batch operation needs at least one filter field.", nameof(command));
        }

        var now = time.GetUtcNow();
        state.State = new BatchOperationState
        {
            Exists = true,
            Action = command.Action,
            Filter = command.Filter,
            Reason = command.Reason,
            CreatedBy = command.CreatedBy,
            Status = BatchOperationStatus.Running,
            CreatedAt = now,
            UpdatedAt = now,
        };
        try
        {
            // Before the write: a running operation must never exist without the reminder that resumes it.
            var period = options.Value.ReminderPeriod;
            await this.RegisterOrUpdateReminder(ReminderName, period, period);
            await state.WriteStateAsync();
        }
        catch
        {
            // Nothing durable happened: forget it, so a retried start creates the operation.
            state.State = new BatchOperationState();
            throw;
        }

        _durable = Snapshot();
        LogStarted(Id, command.Action, command.CreatedBy);
        ScheduleNextPage();
        return _durable;
    }

    Task<BatchOperationSnapshot?> IBatchOperationGrain.GetAsync() => Task.FromResult(_durable);

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (S.Exists && S.Status == BatchOperationStatus.Running)
        {
            ScheduleNextPage();
            return;
        }

        await UnregisterReminderAsync();
        DeactivateOnIdle();
    }

    /// <summary>
    /// Runs the next page in a turn of its own (a one-shot timer), so that reads and reminder ticks interleave between
    /// pages instead of waiting for the whole walk.
    /// </summary>
    private void ScheduleNextPage()
    {
        if (_nextPage is not null || lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return;
        }

        _nextPage = this.RegisterGrainTimer(
            async _ =>
            {
                bool more;
                try
                {
                    more = await RunPageAsync();
                }
                finally
                {
                    _nextPage?.Dispose();
                    _nextPage = null;
                }

                if (more)
                {
                    ScheduleNextPage();
                }
            },
            new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan) { KeepAlive = true });
    }

    private BatchOperationSnapshot Snapshot() => new(
        Id, S.Action, S.Filter, S.Reason, S.Status, S.Matched, S.Succeeded, S.Skipped, S.Failed, [.. S.Errors],
        S.CreatedAt, S.UpdatedAt, S.CompletedAt, S.CreatedBy, S.Problem);

    private async Task UnregisterReminderAsync()
    {
        try
        {
            if (await this.GetReminder(ReminderName) is { } reminder)
            {
                await this.UnregisterReminder(reminder);
            }
        }
        catch (Exception ex)
        {
            LogReminderFailed(ex, Id);
        }
    }
}
