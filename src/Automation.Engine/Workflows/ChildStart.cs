using Automation.Workflows;

namespace Automation.Engine.Workflows;

/// <summary>A child workflow for the grain to start: the id and the start command (with its <see cref="StartWorkflowCommand.Parent"/> link).</summary>
/// <param name="ChildId">The child workflow id, derived from the parent id, step, run and index.</param>
/// <param name="Command">The start command.</param>
public sealed record ChildStart(string ChildId, StartWorkflowCommand Command);
