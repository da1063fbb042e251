namespace Automation.Services;

/// <summary>What an http probe's response body must hold: a substring, or a value at a JSON path.</summary>
/// <param name="Contains">A substring the body must contain (ordinal), or <see langword="null"/>.</param>
/// <param name="Path">A JSON path of dotted names and indexes (<c>$.status</c>, <c>$.checks[0].ok</c>), or <see langword="null"/>.</param>
/// <param name="EqualsValue">With <paramref name="Path"/>: the value as text (a string's value, or a number's, boolean's or null's JSON text).</param>
[GenerateSerializer, Immutable, Alias("automation.BodyExpectation")]
public sealed record BodyExpectation(
    [property: Id(0)] string? Contains,
    [property: Id(1)] string? Path,
    [property: Id(2)] string? EqualsValue);
