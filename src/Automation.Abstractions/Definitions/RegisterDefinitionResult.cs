namespace Automation.Definitions;

/// <summary>The outcome of registering a definition: the stored version, or every validation error.</summary>
/// <param name="Definition">The stored version when the document was valid.</param>
/// <param name="Errors">Every validation error; empty on success.</param>
[GenerateSerializer, Immutable, Alias("automation.RegisterDefinitionResult")]
public sealed record RegisterDefinitionResult(
    [property: Id(0)] WorkflowDefinition? Definition,
    [property: Id(1)] IReadOnlyList<ValidationError> Errors)
{
    /// <summary>
    /// The document was identical to the latest version (which is not deprecated): nothing was stored and
    /// <see cref="Definition"/> is that version. A retried or repeated registration thus never adds a version.
    /// </summary>
    [Id(2)] public bool Unchanged { get; init; }
}
