using System.Text.Json;

namespace Automation.Engine.Steps;

/// <summary>Steps written inside a step (a <c>foreach</c>'s steps, a <c>parallel</c> branch), run as child workflows.</summary>
/// <param name="Key">The subflow's key under the definition: <c>stepId</c> or <c>stepId.branch</c>.</param>
/// <param name="Path">The JSON path of the steps array.</param>
/// <param name="Steps">The steps array as written.</param>
/// <param name="Output">The subflow's output template, if any.</param>
/// <param name="OutputPath">The JSON path of <paramref name="Output"/>.</param>
public sealed record InlineSubflow(string Key, string Path, JsonElement Steps, JsonElement? Output = null, string? OutputPath = null);
