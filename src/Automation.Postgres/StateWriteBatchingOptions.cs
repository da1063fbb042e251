namespace Automation.Postgres;

/// <summary>
/// How a silo groups concurrent workflow state writes into transactions (ADR 0031). Bound from the configuration
/// section <c>Automation:Postgres:StateWrites</c>.
/// </summary>
public sealed class StateWriteBatchingOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Postgres:StateWrites";

    /// <summary>
    /// The most write transactions a silo has in flight at once, each on its own connection (default 4). A write finding
    /// fewer in flight is sent at once; one finding them all busy waits and leaves with every write queued behind it,
    /// in one round trip and one commit. Lower groups more (fewer commits, less CPU per write under load); higher
    /// spreads the writes over more PostgreSQL backends.
    /// </summary>
    public int Concurrency { get; set; } = 4;

    /// <summary>The most writes in one transaction (default 64).</summary>
    public int MaxBatchSize { get; set; } = 64;
}
