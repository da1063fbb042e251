namespace Automation.Bench;

/// <summary>
/// The raw-PostgreSQL floor of a run: what the same server does with workflows of <see cref="WritesPerWorkflow"/>
/// single-row autocommitted writes (one INSERT, then UPDATEs of that row) and no engine at all.
/// </summary>
internal sealed record FloorResult(string Table, int WritesPerWorkflow, FloorPhase? Burst, FloorPhase? Sequential)
{
    /// <summary>The floor phase that matches a system phase of the same mode.</summary>
    public FloorPhase? For(string mode) => mode switch
    {
        "burst" => Burst,
        "sequential" or "sequential-wait" => Sequential,
        _ => null,
    };
}
