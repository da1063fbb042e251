namespace Automation.Api.Contracts;

/// <summary>Workflows started and finished in one bucket.</summary>
/// <param name="At">The start of the bucket.</param>
/// <param name="Started">Created in it.</param>
/// <param name="Completed">Completed in it.</param>
/// <param name="Failed">Failed or timed out in it.</param>
public sealed record WorkflowRatePointResponse(DateTimeOffset At, long Started, long Completed, long Failed);
