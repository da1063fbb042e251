namespace Automation.Workflows;

/// <summary>What happened to a cancel request.</summary>
public enum CancelWorkflowOutcome
{
    /// <summary>The workflow was running and is now cancelled.</summary>
    Cancelled,

    /// <summary>The workflow had already reached a final status; nothing changed.</summary>
    AlreadyFinished,

    /// <summary>No workflow has that id.</summary>
    NotFound,
}
