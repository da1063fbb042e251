namespace Automation.Api.Contracts;

/// <summary>An http probe's body check: a substring, or a value at a JSON path.</summary>
/// <param name="Contains">The substring, or <see langword="null"/>.</param>
/// <param name="Path">The JSON path, or <see langword="null"/>.</param>
/// <param name="EqualsValue">The value expected at the path, as text.</param>
public sealed record BodyExpectationResponse(string? Contains, string? Path, [property: System.Text.Json.Serialization.JsonPropertyName("equals")] string? EqualsValue);
