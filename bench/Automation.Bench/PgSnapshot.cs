namespace Automation.Bench;

/// <summary>Cumulative PostgreSQL counters at one moment.</summary>
internal sealed record PgSnapshot(
    IReadOnlyDictionary<string, TableCounts> Tables,
    IReadOnlyDictionary<string, GrainWrites> GrainWrites,
    long XactCommit,
    long XactRollback);
