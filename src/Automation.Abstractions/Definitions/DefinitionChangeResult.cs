namespace Automation.Definitions;

/// <summary>The result of a deprecate, undeprecate or delete request.</summary>
/// <param name="Outcome">What happened.</param>
/// <param name="Message">Why it was refused, for the caller; <see langword="null"/> when done.</param>
/// <param name="InUse">How many workflows use what was to be deleted, when <see cref="DefinitionChangeOutcome.InUse"/>.</param>
/// <param name="Field">The request field at fault, when <see cref="DefinitionChangeOutcome.Invalid"/>.</param>
[GenerateSerializer, Immutable, Alias("automation.DefinitionChangeResult")]
public sealed record DefinitionChangeResult(
    [property: Id(0)] DefinitionChangeOutcome Outcome,
    [property: Id(1)] string? Message = null,
    [property: Id(2)] long InUse = 0,
    [property: Id(3)] string? Field = null)
{
    /// <summary>The change was made.</summary>
    public static DefinitionChangeResult Done { get; } = new(DefinitionChangeOutcome.Done);
}
