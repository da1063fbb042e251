namespace Automation.Bench;

/// <summary>What the bench saw of one workflow. Times are <see cref="System.Diagnostics.Stopwatch"/> timestamps.</summary>
internal sealed class WorkflowRecord(string workflowId)
{
    public string WorkflowId { get; } = workflowId;

    /// <summary>Just before the start POST was sent.</summary>
    public long PostedAt { get; set; }

    /// <summary>When the start answer arrived.</summary>
    public long StartAnsweredAt { get; set; }

    /// <summary>When the bench first saw a final status (the start answer or a long-poll answer).</summary>
    public long ObservedAt { get; set; }

    public string? Status { get; set; }

    public DateTimeOffset? CreatedAt { get; set; }

    public DateTimeOffset? CompletedAt { get; set; }

    public string? Error { get; set; }

    public bool Completed => Status == "Completed";

    public bool HasServerTimes => CreatedAt is not null && CompletedAt is not null;
}
