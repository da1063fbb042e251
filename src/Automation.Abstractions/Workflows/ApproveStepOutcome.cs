namespace Automation.Workflows;

/// <summary>What happened to an approval decision.</summary>
public enum ApproveStepOutcome
{
    /// <summary>The step was waiting for an approval and the decision was recorded.</summary>
    Recorded,

    /// <summary>The workflow had already reached a final status; nothing changed.</summary>
    AlreadyFinished,

    /// <summary>No workflow has that id.</summary>
    NotFound,

    /// <summary>The workflow has no step with that id.</summary>
    StepNotFound,

    /// <summary>The step exists but is not an approval step waiting for a decision; nothing changed.</summary>
    NotWaiting,

    /// <summary>The step names its approvers and the caller is none of them; nothing changed.</summary>
    NotAnApprover,
}
