namespace Automation.Events;

/// <summary>A signal arrived; the payload is the output of the step that took it, or waits in the workflow's pending signals.</summary>
[GenerateSerializer, Immutable, Alias("automation.SignalReceived")]
public sealed record SignalReceived(long Sequence, DateTimeOffset Timestamp, [property: Id(0)] string Name, [property: Id(1)] string? StepId)
    : WorkflowEvent(Sequence, Timestamp);
