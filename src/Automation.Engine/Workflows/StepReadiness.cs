namespace Automation.Engine.Workflows;

/// <summary>Whether a pending step can run, given its dependencies.</summary>
internal enum StepReadiness
{
    /// <summary>A dependency has not finished (or failed, which ends the workflow).</summary>
    Blocked,

    /// <summary>Every dependency is final and at least one completed (or there are none).</summary>
    Ready,

    /// <summary>Every dependency was skipped: this step is skipped too.</summary>
    Skip,
}
