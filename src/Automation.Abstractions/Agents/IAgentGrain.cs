using System.Text.Json;
using Automation.Workflows;
using Orleans.Concurrency;

namespace Automation.Agents;

/// <summary>One registered agent, keyed by agent id: registration, health, the tasks it holds and its concurrency slots.</summary>
[Alias("automation.IAgentGrain")]
public interface IAgentGrain : IGrainWithStringKey
{
    /// <summary>Registers the agent under this (new) id.</summary>
    /// <param name="registration">What it registers with.</param>
    /// <returns>Its state.</returns>
    [Alias("Register")]
    Task<AgentSnapshot> RegisterAsync(AgentRegistration registration);

    /// <summary>Reads the agent.</summary>
    /// <returns>Its state, or <see langword="null"/> when no agent has this id.</returns>
    [Alias("Get"), AlwaysInterleave]
    Task<AgentSnapshot?> GetAsync();

    /// <summary>Leases up to <paramref name="max"/> tasks (never more than its free slots), waiting up to <paramref name="wait"/> for one.</summary>
    /// <param name="caller">The principal calling.</param>
    /// <param name="max">Most tasks.</param>
    /// <param name="wait">Longest wait; keep it below the Orleans response timeout.</param>
    /// <returns>The outcome and the tasks.</returns>
    [Alias("Poll"), AlwaysInterleave]
    Task<AgentPollResult> PollAsync(string caller, int max, TimeSpan wait);

    /// <summary>A queue partition offers a task to the waiting agent.</summary>
    /// <param name="task">The task, leased to this agent if it accepts.</param>
    /// <returns>Whether it took it.</returns>
    [Alias("Offer"), AlwaysInterleave]
    Task<bool> OfferAsync(AgentTaskRecord task);

    /// <summary>Heartbeats a task the agent holds.</summary>
    /// <param name="caller">The principal calling.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="percent">Progress 0–100, if given.</param>
    /// <param name="details">Progress details, if given.</param>
    /// <returns>The answer.</returns>
    [Alias("Heartbeat"), AlwaysInterleave]
    Task<AgentHeartbeatResult> HeartbeatAsync(string caller, string taskId, int? percent, JsonElement? details);

    /// <summary>Reports a task the agent holds as completed (with <paramref name="output"/>) or failed (with <paramref name="error"/>).</summary>
    /// <param name="caller">The principal calling.</param>
    /// <param name="taskId">The task.</param>
    /// <param name="output">The output when completed.</param>
    /// <param name="error">The error when failed.</param>
    /// <returns>The outcome.</returns>
    [Alias("Report"), AlwaysInterleave]
    Task<AgentCallOutcome> ReportAsync(string caller, string taskId, JsonElement? output, StepError? error);

    /// <summary>A queue partition ended a lease of this agent without its report (deadline, requeue, cancel).</summary>
    /// <param name="taskId">The task.</param>
    /// <param name="failed">Whether it counts as a failed task (a deadline passed).</param>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("Released"), OneWay, AlwaysInterleave]
    Task ReleasedAsync(string taskId, bool failed);

    /// <summary>Drains the agent: no new leases; it is removed once it holds none.</summary>
    /// <returns>Whether the agent exists.</returns>
    [Alias("Drain")]
    Task<bool> DrainAsync();
}
