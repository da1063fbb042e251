namespace Automation.Bench;

/// <summary>
/// One paired round: a floor burst and a system burst of the same size and concurrency, run back to back, so that
/// both see the same machine (a shared VM's speed drifts by a third between minutes).
/// </summary>
/// <param name="FloorWorkflowsPerSecond">The floor burst's workflows per second.</param>
/// <param name="WorkflowsPerSecond">The system burst's completions per second (client side).</param>
/// <param name="FloorFirst">Whether the floor ran first (rounds alternate, so a steady drift does not favour one side).</param>
internal sealed record PairedRound(double FloorWorkflowsPerSecond, double WorkflowsPerSecond, bool FloorFirst)
{
    /// <summary>The system's throughput over the floor's in this round.</summary>
    public double Ratio => FloorWorkflowsPerSecond > 0 ? WorkflowsPerSecond / FloorWorkflowsPerSecond : 0;
}
