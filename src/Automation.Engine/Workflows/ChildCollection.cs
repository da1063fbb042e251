namespace Automation.Engine.Workflows;

/// <summary>A step whose children's results the grain must read: the child ids in index order.</summary>
/// <param name="StepId">The step.</param>
/// <param name="Children">The child ids to read, in the order of the step's output.</param>
public sealed record ChildCollection(string StepId, IReadOnlyList<string> Children);
