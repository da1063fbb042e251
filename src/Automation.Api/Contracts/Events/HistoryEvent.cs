using System.Text.Json.Serialization;
using Automation.Events;

namespace Automation.Api.Contracts.Events;

/// <summary>One entry of a workflow's history. The <c>type</c> property names the kind of event.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(WorkflowStartedEvent), "WorkflowStarted")]
[JsonDerivedType(typeof(StepScheduledEvent), "StepScheduled")]
[JsonDerivedType(typeof(StepStartedEvent), "StepStarted")]
[JsonDerivedType(typeof(StepRetryingEvent), "StepRetrying")]
[JsonDerivedType(typeof(StepCompletedEvent), "StepCompleted")]
[JsonDerivedType(typeof(StepFailedEvent), "StepFailed")]
[JsonDerivedType(typeof(StepSkippedEvent), "StepSkipped")]
[JsonDerivedType(typeof(StepCancelledEvent), "StepCancelled")]
[JsonDerivedType(typeof(WorkflowCompletedEvent), "WorkflowCompleted")]
[JsonDerivedType(typeof(WorkflowFailedEvent), "WorkflowFailed")]
[JsonDerivedType(typeof(WorkflowCancelledEvent), "WorkflowCancelled")]
[JsonDerivedType(typeof(SignalReceivedEvent), "SignalReceived")]
[JsonDerivedType(typeof(ApprovalRecordedEvent), "ApprovalRecorded")]
[JsonDerivedType(typeof(WorkflowTerminatedEvent), "WorkflowTerminated")]
[JsonDerivedType(typeof(WorkflowTimedOutEvent), "WorkflowTimedOut")]
[JsonDerivedType(typeof(WorkflowPausedEvent), "WorkflowPaused")]
[JsonDerivedType(typeof(WorkflowResumedEvent), "WorkflowResumed")]
[JsonDerivedType(typeof(WorkflowRetriedEvent), "WorkflowRetried")]
[JsonDerivedType(typeof(ChildStartedEvent), "ChildStarted")]
[JsonDerivedType(typeof(ChildFinishedEvent), "ChildFinished")]
[JsonDerivedType(typeof(StepWaitingForServiceEvent), "StepWaitingForService")]
public abstract record HistoryEvent(long Sequence, DateTimeOffset Timestamp)
{
    /// <summary>Maps a grain history event to its API contract.</summary>
    /// <param name="e">The event.</param>
    /// <returns>The API event.</returns>
    /// <exception cref="NotSupportedException">The event type has no API contract yet.</exception>
    public static HistoryEvent From(WorkflowEvent e) => e switch
    {
        WorkflowStarted x => new WorkflowStartedEvent(x.Sequence, x.Timestamp, x.Definition, x.Version),
        StepScheduled x => new StepScheduledEvent(x.Sequence, x.Timestamp, x.StepId),
        StepStarted x => new StepStartedEvent(x.Sequence, x.Timestamp, x.StepId, x.Attempt),
        StepRetrying x => new StepRetryingEvent(x.Sequence, x.Timestamp, x.StepId, x.Attempt, ErrorInfo.From(x.Error), x.NextAttemptAt),
        StepCompleted x => new StepCompletedEvent(x.Sequence, x.Timestamp, x.StepId, x.Attempt),
        StepFailed x => new StepFailedEvent(x.Sequence, x.Timestamp, x.StepId, x.Attempt, ErrorInfo.From(x.Error)),
        StepSkipped x => new StepSkippedEvent(x.Sequence, x.Timestamp, x.StepId, x.Reason),
        StepCancelled x => new StepCancelledEvent(x.Sequence, x.Timestamp, x.StepId),
        WorkflowCompleted x => new WorkflowCompletedEvent(x.Sequence, x.Timestamp),
        WorkflowFailed x => new WorkflowFailedEvent(x.Sequence, x.Timestamp, ErrorInfo.From(x.Error)),
        WorkflowCancelled x => new WorkflowCancelledEvent(x.Sequence, x.Timestamp, x.Reason),
        SignalReceived x => new SignalReceivedEvent(x.Sequence, x.Timestamp, x.Name, x.StepId),
        ApprovalRecorded x => new ApprovalRecordedEvent(x.Sequence, x.Timestamp, x.StepId, x.Approved, x.By, x.Comment),
        WorkflowTerminated x => new WorkflowTerminatedEvent(x.Sequence, x.Timestamp, x.Reason),
        WorkflowTimedOut x => new WorkflowTimedOutEvent(x.Sequence, x.Timestamp, ErrorInfo.From(x.Error)),
        WorkflowPaused x => new WorkflowPausedEvent(x.Sequence, x.Timestamp, x.Reason),
        WorkflowResumed x => new WorkflowResumedEvent(x.Sequence, x.Timestamp),
        WorkflowRetried x => new WorkflowRetriedEvent(x.Sequence, x.Timestamp, x.Steps, x.InputPatched, x.Reason, x.By),
        ChildStarted x => new ChildStartedEvent(x.Sequence, x.Timestamp, x.StepId, x.ChildId, x.Index),
        ChildFinished x => new ChildFinishedEvent(x.Sequence, x.Timestamp, x.StepId, x.ChildId, x.Index, x.Status),
        StepWaitingForService x => new StepWaitingForServiceEvent(x.Sequence, x.Timestamp, x.StepId, x.Attempt, x.Service, x.Reason, x.Until),
        _ => throw new NotSupportedException($"History event {e.GetType().Name} has no API contract: add one in Automation.Api/Contracts/Events."),
    };
}
