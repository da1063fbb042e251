namespace Automation.Postgres.Statistics;

/// <summary>Workflows started and finished in one bucket of a window.</summary>
/// <param name="At">The start of the bucket, UTC.</param>
/// <param name="Started">Created in the bucket.</param>
/// <param name="Completed">Completed in the bucket.</param>
/// <param name="Failed">Failed or timed out in the bucket.</param>
public sealed record WorkflowActivityBucket(DateTimeOffset At, long Started, long Completed, long Failed);
