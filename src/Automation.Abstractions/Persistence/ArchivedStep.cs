namespace Automation.Persistence;

/// <summary>One finished step of a workflow, as moved out of the workflow's grain state into an <see cref="IStepArchive"/>.</summary>
/// <param name="StepId">The step id.</param>
/// <param name="State">The step's state as JSON, written and read by the workflow grain; the archive stores it as is.</param>
public sealed record ArchivedStep(string StepId, string State);
