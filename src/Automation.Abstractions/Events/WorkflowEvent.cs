using System.Text.Json.Serialization;

namespace Automation.Events;

/// <summary>One entry of a workflow's ordered history. Outputs are not repeated here: the workflow state holds them.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
[GenerateSerializer, Alias("automation.WorkflowEvent")]
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WorkflowStarted), nameof(WorkflowStarted))]
[JsonDerivedType(typeof(StepScheduled), nameof(StepScheduled))]
[JsonDerivedType(typeof(StepStarted), nameof(StepStarted))]
[JsonDerivedType(typeof(StepRetrying), nameof(StepRetrying))]
[JsonDerivedType(typeof(StepCompleted), nameof(StepCompleted))]
[JsonDerivedType(typeof(StepFailed), nameof(StepFailed))]
[JsonDerivedType(typeof(StepSkipped), nameof(StepSkipped))]
[JsonDerivedType(typeof(StepCancelled), nameof(StepCancelled))]
[JsonDerivedType(typeof(WorkflowCompleted), nameof(WorkflowCompleted))]
[JsonDerivedType(typeof(WorkflowFailed), nameof(WorkflowFailed))]
[JsonDerivedType(typeof(WorkflowCancelled), nameof(WorkflowCancelled))]
[JsonDerivedType(typeof(SignalReceived), nameof(SignalReceived))]
[JsonDerivedType(typeof(ApprovalRecorded), nameof(ApprovalRecorded))]
[JsonDerivedType(typeof(WorkflowTerminated), nameof(WorkflowTerminated))]
[JsonDerivedType(typeof(WorkflowTimedOut), nameof(WorkflowTimedOut))]
[JsonDerivedType(typeof(WorkflowPaused), nameof(WorkflowPaused))]
[JsonDerivedType(typeof(WorkflowResumed), nameof(WorkflowResumed))]
[JsonDerivedType(typeof(WorkflowRetried), nameof(WorkflowRetried))]
[JsonDerivedType(typeof(ChildStarted), nameof(ChildStarted))]
[JsonDerivedType(typeof(ChildFinished), nameof(ChildFinished))]
[JsonDerivedType(typeof(StepWaitingForService), nameof(StepWaitingForService))]
public abstract record WorkflowEvent(
    [property: Id(0)] long Sequence,
    [property: Id(1)] DateTimeOffset Timestamp);
