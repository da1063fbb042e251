using System.Security.Cryptography;
using System.Text.Json;
using Automation.Agents;
using Automation.Definitions;
using Automation.Engine.Agents;
using Automation.Grains.Diagnostics;
using Automation.Grains.Hosting;
using Automation.Tasks;
using Automation.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Agents;

/// <summary>
/// One partition of a capability's queue. Its tasks are rows of <see cref="IAgentTaskStore"/> (one per attempt),
/// loaded on activation, so a growing queue never grows a grain state and a queued task survives a silo crash. Every
/// transition is written to its row before it is acted on: queued → leased → finished (with the result, which is
/// reported to the workflow, and reported again when the workflow re-sends the attempt). Deadlines run on one grain
/// timer; a reminder while the partition holds anything is the safety net that reactivates it after a crash.
/// </summary>
internal sealed partial class TaskQueueGrain(
    IAgentTaskStore store,
    AgentMetrics metrics,
    IOptions<EngineOptions> options,
    TimeProvider time,
    ILogger<TaskQueueGrain> logger) : Grain, ITaskQueueGrain, IRemindable
{
    private const string ReminderName = "agent-queue";

    private readonly Dictionary<string, AgentTaskRecord> _tasks = new(StringComparer.Ordinal);
    private readonly Dictionary<(string WorkflowId, string StepId), List<string>> _bySteps = [];
    private readonly AgentQueueOrder _order = new();
    private readonly LinkedList<(string AgentId, DateTimeOffset Until)> _waiters = new();
    private string _capability = "";
    private int _partition;
    private CapabilityLimits _limits = CapabilityLimits.None;
    private IGrainTimer? _timer;
    private DateTimeOffset? _timerAt;
    private IGrainReminder? _reminder;
    private bool _handingOff;

    /// <summary>
    /// Permits granted whose leases are still being written: counted in what <see cref="ITaskQueueGrain.GetStatsAsync"/>
    /// answers, so a capability grain learning the partitions' counts (it asks while such a write is in flight) does
    /// not take them for free.
    /// </summary>
    private int _granting;

    private string Key => this.GetPrimaryKeyString();

    private ICapabilityGrain Capability => GrainFactory.GetGrain<ICapabilityGrain>(_capability);

    private int LeasedCount => _tasks.Values.Count(t => t.IsLeased);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        var separator = Key.LastIndexOf('~');
        _capability = Key[..separator];
        _partition = int.Parse(Key[(separator + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var now = time.GetUtcNow();
        foreach (var row in await store.LoadQueueAsync(_capability, _partition, cancellationToken))
        {
            // A lease survives the partition's restart; its heartbeat deadline counts from now (heartbeats are not written).
            var task = row.IsLeased ? row with { HeartbeatAt = now } : row;
            Track(task);
            if (task.IsQueued)
            {
                _order.Add(task.TaskId, task.WorkflowId, task.Options.Priority, task.EnqueuedAt);
            }
        }

        _limits = await Capability.GetLimitsAsync();
        if (_tasks.Count > 0)
        {
            await EnsureReminderAsync();
            // Deadlines that passed while nobody held the partition are decided now, outside activation.
            this.RegisterGrainTimer(_ => TickAsync(), new GrainTimerCreationOptions(TimeSpan.Zero, Timeout.InfiniteTimeSpan));
        }

        UpdateMetrics();
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.PartitionGone(Key);
        return Task.CompletedTask;
    }

    async Task ITaskQueueGrain.EnqueueAsync(StepRequest request)
    {
        var existing = StepTasks(request.WorkflowId, request.StepId);
        if (existing.FirstOrDefault(t => t.Attempt == request.Attempt) is { } same)
        {
            if (same.Result is not null)
            {
                Report(same); // the workflow has not recorded it yet: report again
            }

            return;
        }

        if (existing.Any(t => t.Attempt > request.Attempt))
        {
            return; // the workflow already moved past this attempt
        }

        var now = time.GetUtcNow();
        var input = request.With.ValueKind == JsonValueKind.Object && request.With.TryGetProperty("input", out var i) ? i.Clone() : NullJson;
        var task = new AgentTaskRecord(
            $"{Key}~{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(12))}", _capability, _partition, request.WorkflowId, request.StepId,
            request.Attempt, input, request.Agent ?? AgentStepOptions.Default, now);
        await EnsureReminderAsync();
        var stored = await store.InsertAsync(task);
        Track(stored);
        if (stored.IsQueued)
        {
            _order.Add(stored.TaskId, stored.WorkflowId, stored.Options.Priority, stored.EnqueuedAt);
        }

        // Older attempts of the step stay until their retention ends, so a late report for one still gets 409, not 404.
        if (_tasks.Count == 1)
        {
            await GrainFactory.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).AddCapabilityAsync(_capability);
        }

        LogEnqueued(Key, request.WorkflowId, request.StepId, request.Attempt);
        ArmTimer();
        UpdateMetrics();
        ScheduleHandOff();
    }

    async Task ITaskQueueGrain.CancelAsync(string workflowId, string stepId)
    {
        foreach (var task in StepTasks(workflowId, stepId).Where(t => t.Result is null))
        {
            if (task.IsQueued)
            {
                _order.Remove(task.TaskId);
                await ForgetAsync([task.TaskId]);
                metrics.TaskEnded(_capability, "cancelled");
            }
            else
            {
                _tasks[task.TaskId] = task with { CancelRequested = true };
            }
        }

        UpdateMetrics();
    }

    async Task<IReadOnlyList<AgentTaskRecord>> ITaskQueueGrain.LeaseAsync(string agentId, int max)
    {
        var granted = await PermitsAsync(Math.Min(max, _order.Count)) ?? 0;
        var leased = new List<AgentTaskRecord>();
        _granting += granted; // while the leases are written (those written count twice meanwhile: on the safe side)
        try
        {
            while (leased.Count < granted && _order.Take() is { } taskId)
            {
                try
                {
                    leased.Add(await LeaseAsync(_tasks[taskId], agentId));
                }
                catch (Exception) when (leased.Count > 0)
                {
                    break; // the leases already written go to the agent; the failed one stays queued
                }
            }
        }
        finally
        {
            _granting -= granted;
        }

        await ReturnPermitsAsync(granted - leased.Count);
        return leased;
    }

    Task ITaskQueueGrain.WaitAsync(string agentId, DateTimeOffset until)
    {
        for (var node = _waiters.First; node is not null; node = node.Next)
        {
            if (node.Value.AgentId == agentId)
            {
                _waiters.Remove(node);
                break;
            }
        }

        _waiters.AddLast((agentId, until));
        ScheduleHandOff();
        return Task.CompletedTask;
    }

    async Task<AgentHeartbeatResult> ITaskQueueGrain.HeartbeatAsync(string taskId, string agentId, int? percent, JsonElement? details)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            return new AgentHeartbeatResult(AgentCallOutcome.TaskNotFound);
        }

        if (!task.IsLeased || task.AgentId != agentId)
        {
            return new AgentHeartbeatResult(AgentCallOutcome.NotHeld);
        }

        // Memory changes only between awaits (this call interleaves): the lease is read again after the workflow answers.
        var now = time.GetUtcNow();
        task = task with { HeartbeatAt = now };
        _tasks[taskId] = task;
        if (!task.CancelRequested)
        {
            bool current;
            try
            {
                current = await GrainFactory.GetGrain<IWorkflowGrain>(task.WorkflowId)
                    .ReportProgressAsync(task.StepId, task.Attempt, new StepProgress(percent, details, agentId, now));
            }
            catch (Exception ex)
            {
                LogWorkflowUnreachable(ex, Key, task.WorkflowId);
                current = true; // unknown: the agent carries on, the next heartbeat asks again
            }

            if (!_tasks.TryGetValue(taskId, out var latest) || !latest.IsLeased || latest.AgentId != agentId)
            {
                return new AgentHeartbeatResult(AgentCallOutcome.NotHeld); // the lease ended while the workflow answered
            }

            task = current ? latest : latest with { CancelRequested = true };
            _tasks[taskId] = task;
        }

        ArmTimer();
        return new AgentHeartbeatResult(AgentCallOutcome.Ok, task.CancelRequested, AgentTaskDeadlines.RunBy(task), AgentTaskDeadlines.HeartbeatBy(task));
    }

    async Task<AgentCallOutcome> ITaskQueueGrain.ReportAsync(string taskId, string agentId, JsonElement? output, StepError? error)
    {
        if (!_tasks.TryGetValue(taskId, out var task))
        {
            return AgentCallOutcome.TaskNotFound;
        }

        if (task.Result is { } done)
        {
            // A repeat of the same agent's own report is accepted again; anything else changes nothing.
            return done.AgentId == agentId && SameReport(done, output, error) ? AgentCallOutcome.Ok : AgentCallOutcome.NotHeld;
        }

        var now = time.GetUtcNow();
        if (task.AgentId == agentId && task.CancelRequested)
        {
            // The workflow no longer wants it: the attempt ends here, unreported (a repeat gets 409 too).
            var cancelled = new AgentTaskResult(false, null, new StepError("agent.cancelled", "The workflow no longer wanted this attempt.", Retryable: false), null, now, task.LeasedAt ?? now);
            await WriteAsync(task with { Result = cancelled });
            metrics.TaskEnded(_capability, "cancelled");
            await ReportLeasedAsync();
            ArmTimer();
            UpdateMetrics();
            ScheduleHandOff(); // the freed slot goes to a waiting agent now
            return AgentCallOutcome.NotHeld;
        }

        if (task.AgentId != agentId)
        {
            return AgentCallOutcome.NotHeld;
        }

        var result = new AgentTaskResult(error is null, error is null ? output ?? NullJson : null, error, agentId, now, task.LeasedAt ?? now);
        await FinishAsync(task, result, error is null ? "completed" : "failed");
        return AgentCallOutcome.Ok;
    }

    async Task ITaskQueueGrain.RequeueAsync(string agentId)
    {
        var now = time.GetUtcNow();
        foreach (var task in _tasks.Values.Where(t => t.IsLeased && t.AgentId == agentId).ToList())
        {
            if (task.CancelRequested)
            {
                await ForgetAsync([task.TaskId]);
                continue;
            }

            // Same attempt, same idempotency key: a lost lease is not a failure. Its queue deadline starts again.
            var queued = task with { AgentId = null, LeasedAt = null, HeartbeatAt = null, EnqueuedAt = now };
            await WriteAsync(queued);
            _order.Add(queued.TaskId, queued.WorkflowId, queued.Options.Priority, queued.EnqueuedAt);
            metrics.TaskEnded(_capability, "requeued");
            LogRequeued(Key, task.TaskId, agentId);
        }

        await ReportLeasedAsync();
        ArmTimer();
        UpdateMetrics();
        ScheduleHandOff();
    }

    async Task ITaskQueueGrain.LimitsChangedAsync()
    {
        _limits = await Capability.GetLimitsAsync();
        await ReportLeasedAsync(); // leases taken while unlimited count against the new limit at once
        ScheduleHandOff();
    }

    Task<AgentQueueStats> ITaskQueueGrain.GetStatsAsync()
    {
        var now = time.GetUtcNow();
        return Task.FromResult(new AgentQueueStats(_order.Count, LeasedCount + _granting, _order.OldestEnqueuedAt, _waiters.Count(w => w.Until > now)));
    }

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status) => await TickAsync();

    private static JsonElement NullJson { get; } = JsonDocument.Parse("null").RootElement.Clone();

    private static bool SameReport(AgentTaskResult done, JsonElement? output, StepError? error) =>
        error is null
            ? done.Succeeded && JsonElement.DeepEquals(done.Output ?? NullJson, output ?? NullJson)
            : !done.Succeeded && done.Error is { } e && e.Type == error.Type && e.Message == error.Message && e.Retryable == error.Retryable;

    /// <summary>Leases one task that left the order: written before it is handed over.</summary>
    private async Task<AgentTaskRecord> LeaseAsync(AgentTaskRecord task, string agentId)
    {
        var now = time.GetUtcNow();
        var leased = task with { AgentId = agentId, LeasedAt = now, HeartbeatAt = now };
        try
        {
            await WriteAsync(leased);
        }
        catch
        {
            _order.Add(task.TaskId, task.WorkflowId, task.Options.Priority, task.EnqueuedAt);
            throw;
        }

        metrics.HandedOff(_capability, now - task.EnqueuedAt);
        ArmTimer();
        UpdateMetrics();
        return leased;
    }

    /// <summary>Ends an attempt with a result: written, then reported to the workflow, and the agent's slot freed.</summary>
    /// <param name="task">The attempt's row.</param>
    /// <param name="result">Its result.</param>
    /// <param name="outcome">The metric's outcome.</param>
    /// <param name="reportLeased">Tell the capability the new lease count now (a deadline pass reports once at its end instead).</param>
    private async Task FinishAsync(AgentTaskRecord task, AgentTaskResult result, string outcome, bool reportLeased = true)
    {
        var finished = task with { Result = result };
        await WriteAsync(finished);
        _order.Remove(task.TaskId);
        metrics.TaskEnded(_capability, outcome);
        LogFinished(Key, task.TaskId, outcome);
        Report(finished);
        if (task.AgentId is { } agentId && result.AgentId is null)
        {
            // A deadline ended the lease: the agent learns it now (its report would get 409).
            await GrainFactory.GetGrain<IAgentGrain>(agentId).ReleasedAsync(task.TaskId, failed: true);
        }

        if (reportLeased)
        {
            await ReportLeasedAsync();
        }

        ArmTimer();
        UpdateMetrics();
        ScheduleHandOff(); // a waiting agent held back by a capability limit gets the freed slot now, not at its next poll
    }

    /// <summary>Sends a finished attempt's result to its workflow (one-way; the workflow re-sends the attempt until it has recorded it).</summary>
    private void Report(AgentTaskRecord task)
    {
        var result = task.Result!;
        var report = new TaskReport(task.StepId, result.Succeeded ? TaskReportKind.Completed : TaskReportKind.Failed, task.Attempt,
            result.StartedAt, result.FinishedAt, result.Output, result.Error, null);
        _ = GrainFactory.GetGrain<IWorkflowGrain>(task.WorkflowId).ReportTaskAsync(report);
    }

    private async Task WriteAsync(AgentTaskRecord task)
    {
        await store.UpdateAsync(task);
        _tasks[task.TaskId] = task;
    }

    /// <summary>Keeps a new row in memory, indexed by its step (re-sends look attempts up by step).</summary>
    private void Track(AgentTaskRecord task)
    {
        _tasks[task.TaskId] = task;
        var key = (task.WorkflowId, task.StepId);
        if (!_bySteps.TryGetValue(key, out var ids))
        {
            _bySteps[key] = ids = [];
        }

        if (!ids.Contains(task.TaskId))
        {
            ids.Add(task.TaskId);
        }
    }

    private List<AgentTaskRecord> StepTasks(string workflowId, string stepId) =>
        _bySteps.TryGetValue((workflowId, stepId), out var ids) ? [.. ids.Select(id => _tasks[id])] : [];

    private async Task ForgetAsync(IReadOnlyCollection<string> taskIds)
    {
        await store.DeleteAsync(taskIds);
        foreach (var id in taskIds)
        {
            if (_tasks.Remove(id, out var task) && _bySteps.TryGetValue((task.WorkflowId, task.StepId), out var ids))
            {
                ids.Remove(id);
                if (ids.Count == 0)
                {
                    _bySteps.Remove((task.WorkflowId, task.StepId));
                }
            }

            _order.Remove(id);
        }
    }
}
