namespace Automation.Events;

/// <summary>A failed, timed-out, terminated or cancelled workflow runs again from the steps that did not complete.</summary>
/// <param name="Sequence">1-based position in the history.</param>
/// <param name="Timestamp">When it happened.</param>
/// <param name="Steps">The steps that run again; completed steps keep their outputs.</param>
/// <param name="InputPatched">Whether the input was patched first.</param>
/// <param name="Reason">Why, as given.</param>
/// <param name="By">Who asked.</param>
[GenerateSerializer, Immutable, Alias("automation.WorkflowRetried")]
public sealed record WorkflowRetried(
    long Sequence,
    DateTimeOffset Timestamp,
    [property: Id(0)] IReadOnlyList<string> Steps,
    [property: Id(1)] bool InputPatched,
    [property: Id(2)] string? Reason,
    [property: Id(3)] string? By)
    : WorkflowEvent(Sequence, Timestamp);
