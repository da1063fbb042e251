using Automation.Agents;
using Automation.Workflows;

namespace Automation.Engine.Agents;

/// <summary>The deadlines of one agent task attempt: queue (enqueue → lease), run (lease → report) and heartbeat (gap between heartbeats).</summary>
public static class AgentTaskDeadlines
{
    /// <summary>Error type of an attempt that waited in the queue too long.</summary>
    public const string QueueTimeout = "agent.queue-timeout";

    /// <summary>Error type of an attempt whose agent did not report in time.</summary>
    public const string RunTimeout = "agent.run-timeout";

    /// <summary>Error type of an attempt whose agent stopped heartbeating.</summary>
    public const string HeartbeatTimeout = "agent.heartbeat-timeout";

    /// <summary>The time by which a leased task must be reported.</summary>
    /// <param name="task">A leased task.</param>
    /// <returns>The run deadline, or <see langword="null"/> when not leased.</returns>
    public static DateTimeOffset? RunBy(AgentTaskRecord task) => task.RunBy;

    /// <summary>The time by which the next heartbeat must arrive.</summary>
    /// <param name="task">A leased task.</param>
    /// <returns>The heartbeat deadline, or <see langword="null"/> when not leased or the step has no heartbeat timeout.</returns>
    public static DateTimeOffset? HeartbeatBy(AgentTaskRecord task) => task.HeartbeatBy;

    /// <summary>The earliest deadline of an unfinished task; <see langword="null"/> for a finished one.</summary>
    /// <param name="task">The task.</param>
    /// <returns>When it next needs a decision.</returns>
    public static DateTimeOffset? NextDue(AgentTaskRecord task)
    {
        if (task.Result is not null)
        {
            return null;
        }

        if (task.AgentId is null)
        {
            return task.EnqueuedAt + task.Options.QueueTimeout;
        }

        var run = RunBy(task)!.Value;
        return HeartbeatBy(task) is { } heartbeat && heartbeat < run ? heartbeat : run;
    }

    /// <summary>The error that ends the attempt at <paramref name="now"/>, if a deadline has passed.</summary>
    /// <param name="task">The task.</param>
    /// <param name="now">The time.</param>
    /// <returns>The retryable timeout error, or <see langword="null"/> while no deadline has passed.</returns>
    public static StepError? Expired(AgentTaskRecord task, DateTimeOffset now)
    {
        if (task.Result is not null)
        {
            return null;
        }

        if (task.AgentId is null)
        {
            return now >= task.EnqueuedAt + task.Options.QueueTimeout
                ? new StepError(QueueTimeout, $"No agent with capability '{task.Capability}' leased attempt {task.Attempt} within {Duration.Format(task.Options.QueueTimeout)}.", Retryable: true)
                : null;
        }

        if (now >= RunBy(task))
        {
            return new StepError(RunTimeout, $"Agent {task.AgentId} did not report attempt {task.Attempt} within {Duration.Format(task.Options.RunTimeout)} of its lease.", Retryable: true);
        }

        return HeartbeatBy(task) is { } by && now >= by
            ? new StepError(HeartbeatTimeout, $"Agent {task.AgentId} sent no heartbeat for attempt {task.Attempt} within {Duration.Format(task.Options.HeartbeatTimeout!.Value)}.", Retryable: true)
            : null;
    }
}
