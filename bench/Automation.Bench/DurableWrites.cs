namespace Automation.Bench;

/// <summary>The difference between two <see cref="PgSnapshot"/>s, also per workflow.</summary>
internal sealed record DurableWrites(
    int Workflows,
    int StepsPerWorkflow,
    IReadOnlyDictionary<string, TableCounts> Tables,
    IReadOnlyDictionary<string, GrainWrites> GrainWrites,
    long Writes,
    double WritesPerWorkflow,
    long Commits,
    double CommitsPerWorkflow,
    long Rollbacks)
{
    /// <summary>Rows written per step of a workflow.</summary>
    public double WritesPerStep => WritesPerWorkflow / Math.Max(StepsPerWorkflow, 1);

    /// <summary>Commits (whole database) per step of a workflow.</summary>
    public double CommitsPerStep => CommitsPerWorkflow / Math.Max(StepsPerWorkflow, 1);

    public static DurableWrites Between(PgSnapshot before, PgSnapshot after, int workflows, int steps)
    {
        var tables = after.Tables.ToDictionary(
            t => t.Key,
            t => t.Value.Minus(before.Tables.TryGetValue(t.Key, out var b) ? b : new TableCounts(0, 0, 0)),
            StringComparer.Ordinal);
        var grains = after.GrainWrites
            .Select(g => (g.Key, Delta: g.Value.Minus(before.GrainWrites.TryGetValue(g.Key, out var b) ? b : new GrainWrites(0, 0))))
            .Where(g => g.Delta.Writes != 0 || g.Delta.Rows != 0)
            .ToDictionary(g => g.Key, g => g.Delta, StringComparer.Ordinal);
        var writes = tables.Values.Sum(t => t.Total);
        var commits = after.XactCommit - before.XactCommit;
        var n = Math.Max(workflows, 1);
        return new DurableWrites(workflows, steps, tables, grains, writes, (double)writes / n, commits, (double)commits / n, after.XactRollback - before.XactRollback);
    }

    public double PerWorkflow(long count) => (double)count / Math.Max(Workflows, 1);
}
