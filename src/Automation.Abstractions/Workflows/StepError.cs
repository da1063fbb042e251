namespace Automation.Workflows;

/// <summary>A failure that crosses the wire: a stable type that retry policies match on, a message, and whether retrying can help.</summary>
/// <param name="Type">Stable error type, for example <c>timeout</c>, <c>connection</c>, <c>http.503</c> or <c>template</c>.</param>
/// <param name="Message">Human-readable detail.</param>
/// <param name="Retryable">False when a retry cannot succeed (bad input, 4xx, template error).</param>
[GenerateSerializer, Immutable, Alias("automation.StepError")]
public sealed record StepError(
    [property: Id(0)] string Type,
    [property: Id(1)] string Message,
    [property: Id(2)] bool Retryable);
