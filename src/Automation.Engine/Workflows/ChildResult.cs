using System.Text.Json;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

/// <summary>What the grain read from one child for <see cref="WorkflowExecution.Collected"/>.</summary>
/// <param name="ChildId">The child id.</param>
/// <param name="Status">Its status (final unless it could not be read).</param>
/// <param name="Output">Its output when completed.</param>
/// <param name="Error">Its error otherwise.</param>
public sealed record ChildResult(string ChildId, WorkflowStatus Status, JsonElement? Output, StepError? Error);
