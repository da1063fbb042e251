namespace Automation.Api.Contracts;

/// <summary>What happened to a signal.</summary>
/// <param name="Signal">The signal name.</param>
/// <param name="Delivered">True when a waiting step took it (its payload is that step's output); false when it was kept in <c>pendingSignals</c> until such a step is reached.</param>
/// <param name="StepId">The step that took it, when delivered; otherwise null.</param>
/// <param name="Workflow">The workflow after the signal.</param>
public sealed record SignalWorkflowResponse(string Signal, bool Delivered, string? StepId, WorkflowResponse Workflow);
