namespace Automation.Engine.Workflows;

/// <summary>Why a step was skipped, as recorded in <see cref="Automation.Events.StepSkipped.Reason"/>.</summary>
public static class SkipReasons
{
    /// <summary>Its <c>when</c> rendered false.</summary>
    public const string Condition = "condition";

    /// <summary>A <c>switch</c> it depends on routes to it and took another branch.</summary>
    public const string Branch = "branch";

    /// <summary>Every step it depends on was skipped.</summary>
    public const string Dependencies = "dependencies";

    /// <summary>The workflow failed before the step could run.</summary>
    public const string WorkflowFailed = "workflow-failed";
}
