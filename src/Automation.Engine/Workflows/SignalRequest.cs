namespace Automation.Engine.Workflows;

/// <summary>A signal request the workflow applied, kept so that a retry of the same request is answered, not applied again.</summary>
/// <param name="RequestId">The request id (the caller's <c>Idempotency-Key</c>, or one the API made for the request).</param>
/// <param name="StepId">The step that took the signal; <see langword="null"/> when it was kept as pending.</param>
[GenerateSerializer, Immutable, Alias("automation.grains.SignalRequest")]
public sealed record SignalRequest([property: Id(0)] string RequestId, [property: Id(1)] string? StepId);
