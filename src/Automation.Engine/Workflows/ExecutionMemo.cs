using System.Text.Json;

namespace Automation.Engine.Workflows;

/// <summary>
/// What the engine may remember between decisions of one workflow, kept by the grain in memory only: rendered
/// arguments of steps with child workflows, which are the same every time (they read only the input and final
/// outputs) and are large for a <c>foreach</c> over thousands of items. Losing it costs one render.
/// </summary>
public sealed class ExecutionMemo
{
    /// <summary>Rendered <c>with</c> by step id and run.</summary>
    internal Dictionary<(string StepId, int Run), JsonElement> With { get; } = [];
}
