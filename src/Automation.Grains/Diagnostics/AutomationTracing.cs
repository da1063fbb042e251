using System.Diagnostics;

namespace Automation.Grains.Diagnostics;

/// <summary>
/// Automation's <see cref="ActivitySource"/>: one span per step attempt run in a silo (<c>step {type}</c>), tagged with
/// the workflow id, step id, step type and attempt. An http step's outgoing request is its child, so the called service
/// receives the trace in <c>traceparent</c>.
/// </summary>
public static class AutomationTracing
{
    /// <summary>The source name to listen to.</summary>
    public const string SourceName = "Automation";

    /// <summary>Tag: the workflow id.</summary>
    public const string WorkflowId = "automation.workflow.id";

    /// <summary>Tag: the step id.</summary>
    public const string StepId = "automation.step.id";

    /// <summary>Tag: the step type.</summary>
    public const string StepType = "automation.step.type";

    /// <summary>Tag: the 1-based attempt.</summary>
    public const string Attempt = "automation.step.attempt";

    /// <summary>The source.</summary>
    public static readonly ActivitySource Source = new(SourceName);

    /// <summary>
    /// Starts the span of one step attempt. Its parent is the workflow's trace (the <c>traceparent</c> of the request
    /// that started it, kept in the workflow state), so that every step of a workflow joins one trace even when a
    /// reminder, not a request, resumed it; the call that delivered the attempt, when in another trace, is a link.
    /// </summary>
    /// <param name="type">The step type.</param>
    /// <param name="workflowTraceParent">The workflow's <c>traceparent</c>, if known.</param>
    /// <param name="caller">The trace context of the grain call that delivered the attempt, if any.</param>
    /// <returns>The started span, or <see langword="null"/> when nobody listens.</returns>
    public static Activity? StartStep(string type, string? workflowTraceParent, ActivityContext caller)
    {
        var parent = ActivityContext.TryParse(workflowTraceParent, null, out var workflow) ? workflow : caller;
        ActivityLink[]? links = caller != default && caller.TraceId != parent.TraceId ? [new ActivityLink(caller)] : null;
        return Source.StartActivity("step " + type, ActivityKind.Internal, parent, links: links);
    }
}
