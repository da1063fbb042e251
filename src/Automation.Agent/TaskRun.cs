using System.Text.Json;
using Automation.Agent.Protocol;

namespace Automation.Agent;

/// <summary>One leased task while its handler runs: why it was stopped, its latest deadlines and progress.</summary>
internal sealed class TaskRun : IDisposable
{
    private readonly CancellationTokenSource _deadline;
    private readonly CancellationTokenSource _stop;
    private int _stopReason;

    public TaskRun(LeasedTask task, string agentId, CancellationToken abandon, TimeProvider time)
    {
        Task = task;
        AgentId = agentId;
        Deadlines = task.Deadlines;
        var untilRunBy = task.Deadlines?.RunBy is { } runBy ? runBy - time.GetUtcNow() : Timeout.InfiniteTimeSpan;
        _deadline = new CancellationTokenSource(untilRunBy < TimeSpan.Zero ? TimeSpan.Zero : untilRunBy, time);
        _stop = CancellationTokenSource.CreateLinkedTokenSource(abandon, _deadline.Token);
    }

    public LeasedTask Task { get; }

    /// <summary>The agent id the task was leased to (a later re-registration does not change it).</summary>
    public string AgentId { get; }

    public TaskDeadlines? Deadlines { get; set; }

    public int? Progress { get; set; }

    public JsonElement? Details { get; set; }

    /// <summary>The handler's token.</summary>
    public CancellationToken Token => _stop.Token;

    /// <summary>Why the handler was told to stop, or <see cref="TaskStopReason.None"/>.</summary>
    public TaskStopReason StopReason => (TaskStopReason)Volatile.Read(ref _stopReason) is var reason and not TaskStopReason.None
        ? reason
        : _deadline.IsCancellationRequested ? TaskStopReason.RunDeadline
        : _stop.IsCancellationRequested ? TaskStopReason.Shutdown
        : TaskStopReason.None;

    /// <summary>Whether a report would be refused: the server took the task back or no longer wants it.</summary>
    public bool ServerStopped => StopReason is TaskStopReason.LeaseLost or TaskStopReason.CancelRequested;

    public void Stop(TaskStopReason reason)
    {
        Interlocked.CompareExchange(ref _stopReason, (int)reason, (int)TaskStopReason.None);
        _stop.Cancel();
    }

    public void Dispose()
    {
        _stop.Dispose();
        _deadline.Dispose();
    }
}
