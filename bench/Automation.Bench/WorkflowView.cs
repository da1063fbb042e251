namespace Automation.Bench;

/// <summary>The fields the bench reads from a workflow answer.</summary>
internal sealed record WorkflowView(string Status, DateTimeOffset? CreatedAt, DateTimeOffset? CompletedAt)
{
    /// <summary>Every status but <c>Running</c> is final.</summary>
    public bool IsTerminal => Status != "Running";
}
