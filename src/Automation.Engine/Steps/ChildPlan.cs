namespace Automation.Engine.Steps;

/// <summary>How a step runs its child workflows.</summary>
/// <param name="Total">How many children (0 completes the step at once).</param>
/// <param name="MaxConcurrency">How many run at once.</param>
/// <param name="FailFast">Whether the first child that does not complete fails the step and stops the others; otherwise every child runs and the step's output reports the failures.</param>
/// <param name="FirstWins">Whether the first child to complete completes the step and stops the others.</param>
/// <param name="CustomId">The id of the only child, when the step names it.</param>
public sealed record ChildPlan(int Total, int MaxConcurrency, bool FailFast, bool FirstWins = false, string? CustomId = null);
