using System.ComponentModel;

namespace Automation.Api.Contracts;

/// <summary>The run-time log-level overrides of the cluster (over each process's configured levels).</summary>
/// <param name="Version">Incremented by every change; every silo and API process applies a change within <c>applyWithinSeconds</c>.</param>
/// <param name="Levels">Level by category.</param>
/// <param name="ApplyWithinSeconds">How long other processes take at most to apply a change.</param>
public sealed record LogLevelsResponse(
    [property: Description("Incremented by every change.")] long Version,
    [property: Description("Level by category (Default for the default level).")] IReadOnlyDictionary<string, string> Levels,
    [property: Description("How long other processes take at most to apply a change; the process that answered applied it already.")] int ApplyWithinSeconds);
