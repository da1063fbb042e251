using Automation.Agent.Protocol;

namespace Automation.Agent;

internal sealed partial class AgentService
{
    private static readonly TimeSpan MinimumHeartbeatDelay = TimeSpan.FromMilliseconds(100);

    private async Task HeartbeatLoopAsync(TaskRun run, CancellationToken stop)
    {
        try
        {
            while (!stop.IsCancellationRequested && !run.ServerStopped)
            {
                await Task.Delay(NextHeartbeatDelay(run), time, stop);
                await HeartbeatAsync(run, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The handler finished.
        }
    }

    /// <summary>The server's interval, but sooner when the step's heartbeat deadline is nearer: half the time left.</summary>
    private TimeSpan NextHeartbeatDelay(TaskRun run)
    {
        var delay = _heartbeatInterval;
        if (run.Deadlines?.HeartbeatBy is { } by)
        {
            var half = (by - time.GetUtcNow()) / 2;
            delay = half < delay ? half : delay;
        }

        return delay < MinimumHeartbeatDelay ? MinimumHeartbeatDelay : delay;
    }

    private async Task ReportProgressAsync(TaskRun run, int percent, object? details)
    {
        run.Progress = percent;
        run.Details = details is null ? null : AgentJson.ToElement(details);
        await HeartbeatAsync(run, run.Token);
    }

    private async Task HeartbeatAsync(TaskRun run, CancellationToken cancellationToken)
    {
        HeartbeatOutcome outcome;
        try
        {
            outcome = await client.HeartbeatAsync(run.Task.TaskId, new HeartbeatRequest(run.AgentId, run.Progress, run.Details), cancellationToken);
        }
        catch (AgentServerException e) when (e.Status == System.Net.HttpStatusCode.BadRequest && run.Details is not null)
        {
            // Refused details would be repeated (and refused) on every heartbeat until the lease timed out: drop them.
            LogHeartbeatFailed(e, run.Task.TaskId);
            run.Details = null;
            return;
        }
        catch (Exception e) when (IsTransient(e, cancellationToken) || e is AgentServerException)
        {
            // The lease outlives a short outage; the next heartbeat tries again.
            LogHeartbeatFailed(e, run.Task.TaskId);
            return;
        }

        if (outcome.LeaseLost)
        {
            LogLeaseLost(run.Task.TaskId, "heartbeat");
            run.Stop(TaskStopReason.LeaseLost);
        }
        else if (outcome.CancelRequested)
        {
            LogCancelRequested(run.Task.TaskId);
            run.Stop(TaskStopReason.CancelRequested);
        }
        else if (outcome.Deadlines is not null)
        {
            run.Deadlines = outcome.Deadlines;
        }
    }
}
