namespace Automation.Postgres.Statistics;

/// <summary>Workflow activity over a time window, aggregated in PostgreSQL from the visibility table.</summary>
/// <param name="From">The start of the window (inclusive), UTC, aligned to <paramref name="BucketSeconds"/>.</param>
/// <param name="To">The end of the window (exclusive), UTC.</param>
/// <param name="BucketSeconds">The width of each bucket.</param>
/// <param name="Buckets">One entry per bucket, oldest first, with zeroes where nothing happened.</param>
/// <param name="Finished">What finished in the window, by outcome.</param>
/// <param name="P50Seconds">Median run time (created to completed) of the workflows that finished in the window; null when none did.</param>
/// <param name="P95Seconds">95th percentile of the same; null when none did.</param>
/// <param name="Running">Workflows running now (not bounded by the window).</param>
/// <param name="Paused">Workflows paused now (not bounded by the window).</param>
/// <param name="TopFailing">The definitions with the most failed or timed-out workflows in the window, most first.</param>
public sealed record WorkflowActivity(
    DateTimeOffset From,
    DateTimeOffset To,
    int BucketSeconds,
    IReadOnlyList<WorkflowActivityBucket> Buckets,
    WorkflowOutcomes Finished,
    double? P50Seconds,
    double? P95Seconds,
    long Running,
    long Paused,
    IReadOnlyList<FailingDefinition> TopFailing);
