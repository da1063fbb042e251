namespace Automation.Definitions;

/// <summary>One problem found in a definition or request, located by JSON path.</summary>
/// <param name="Path">JSON path of the offending value, for example <c>$.steps[1].dependsOn[0]</c>.</param>
/// <param name="Message">What is wrong, in plain words.</param>
[GenerateSerializer, Immutable, Alias("automation.ValidationError")]
public sealed record ValidationError(
    [property: Id(0)] string Path,
    [property: Id(1)] string Message);
