using System.Text.Json;

namespace Automation.Engine.Steps;

/// <summary>What one child workflow runs.</summary>
/// <param name="Definition">The definition name to start; <see langword="null"/> with <paramref name="Subflow"/> to run steps of the parent's own definition.</param>
/// <param name="Version">The version to pin; <see langword="null"/> for the latest.</param>
/// <param name="Subflow">The subflow key under the parent's definition (<c>stepId</c> or <c>stepId.branch</c>), for inline steps.</param>
/// <param name="Input">The child's input.</param>
public sealed record ChildSpec(string? Definition, int? Version, string? Subflow, JsonElement Input);
