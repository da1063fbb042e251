namespace Automation.Agent;

/// <summary>The task a handler runs: its ids, progress reporting and the token that says when to stop.</summary>
public sealed class AgentTaskContext
{
    private readonly Func<int, object?, CancellationToken, Task> _reportProgress;

    internal AgentTaskContext(
        string agentId, string taskId, string workflowId, string stepId, int attempt, string capability, int priority,
        string idempotencyKey, DateTimeOffset? runBy, CancellationToken cancellationToken, Func<int, object?, CancellationToken, Task> reportProgress)
    {
        AgentId = agentId;
        TaskId = taskId;
        WorkflowId = workflowId;
        StepId = stepId;
        Attempt = attempt;
        Capability = capability;
        Priority = priority;
        IdempotencyKey = idempotencyKey;
        RunBy = runBy;
        CancellationToken = cancellationToken;
        _reportProgress = reportProgress;
    }

    /// <summary>The id the server gave this agent.</summary>
    public string AgentId { get; }

    /// <summary>The task's id: one per attempt of the step. Opaque: do not parse it.</summary>
    public string TaskId { get; }

    /// <summary>The workflow the step belongs to.</summary>
    public string WorkflowId { get; }

    /// <summary>The step's id in its definition.</summary>
    public string StepId { get; }

    /// <summary>The attempt number of the step, from 1.</summary>
    public int Attempt { get; }

    /// <summary>The capability the task asks for.</summary>
    public string Capability { get; }

    /// <summary>The step's priority, 0–9 (higher runs first).</summary>
    public int Priority { get; }

    /// <summary>
    /// <c>{workflowId}:{stepId}</c>, the same for every attempt and every re-run of the step (after a lost agent or a
    /// retry): use it to de-duplicate side effects.
    /// </summary>
    public string IdempotencyKey { get; }

    /// <summary>When the server stops waiting for the report (the step's run timeout), if it said.</summary>
    public DateTimeOffset? RunBy { get; }

    /// <summary>
    /// Cancelled when the server answers that the workflow no longer wants the attempt (<c>cancelRequested</c>), when the
    /// agent lost the lease, when <see cref="RunBy"/> passes, or when the agent shuts down and the drain timeout passes.
    /// A handler stopped by it reports nothing.
    /// </summary>
    public CancellationToken CancellationToken { get; }

    /// <summary>
    /// Sends a heartbeat with the progress at once; later heartbeats repeat it. The step shows it in
    /// <c>GET /workflows/{id}</c>. Errors reaching the server are logged, not thrown.
    /// </summary>
    /// <param name="percent">0–100.</param>
    /// <param name="details">Any value, serialized as JSON (at most 16 KiB of UTF-8).</param>
    /// <returns>A task that completes when the server answered.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="percent"/> is outside 0–100.</exception>
    /// <exception cref="ArgumentException"><paramref name="details"/> serialize to more than 16 KiB of JSON (the server would refuse every heartbeat).</exception>
    public Task ReportProgressAsync(int percent, object? details = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(percent);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(percent, 100);
        object? json = null;
        if (details is not null)
        {
            var element = AgentJson.ToElement(details);
            var bytes = System.Text.Encoding.UTF8.GetByteCount(element.GetRawText());
            if (bytes > AgentJson.MaxDetailsBytes)
            {
                throw new ArgumentException($"Progress details are at most {AgentJson.MaxDetailsBytes / 1024} KiB of JSON, not {bytes} bytes.", nameof(details));
            }

            json = element;
        }

        return _reportProgress(percent, json, CancellationToken);
    }
}
