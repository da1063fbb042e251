namespace Automation.Workflows;

/// <summary>What happened to a terminate, retry, pause or resume request.</summary>
public enum ControlWorkflowOutcome
{
    /// <summary>The request was applied; the snapshot shows the workflow after it.</summary>
    Applied,

    /// <summary>No workflow has that id.</summary>
    NotFound,

    /// <summary>The workflow's status does not allow the request (e.g. a retry of a running workflow); nothing changed.</summary>
    Conflict,

    /// <summary>A retry's patched input violates the definition's input schema; nothing changed.</summary>
    InputInvalid,
}
