using System.Text.Json;

namespace Automation.Workflows;

/// <summary>A child workflow's final status, sent to its parent (<see cref="IWorkflowGrain.ChildFinishedAsync"/>).</summary>
/// <param name="Parent">Where the child reports.</param>
/// <param name="ChildId">The child workflow id.</param>
/// <param name="Status">Its final status.</param>
/// <param name="Output">Its output when completed.</param>
/// <param name="Error">Its error otherwise.</param>
[GenerateSerializer, Immutable, Alias("automation.ChildReport")]
public sealed record ChildReport(
    [property: Id(0)] ParentLink Parent,
    [property: Id(1)] string ChildId,
    [property: Id(2)] WorkflowStatus Status,
    [property: Id(3)] JsonElement? Output,
    [property: Id(4)] StepError? Error);
