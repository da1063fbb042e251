using System.Text.Json;

namespace Automation.Definitions;

/// <summary>Holds the immutable numbered versions of one workflow definition, keyed by definition name.</summary>
[Alias("automation.IDefinitionGrain")]
public interface IDefinitionGrain : IGrainWithStringKey
{
    /// <summary>Validates <paramref name="document"/> and stores it as the next version.</summary>
    /// <param name="document">The definition JSON as submitted.</param>
    /// <returns>The stored version, or the validation errors (nothing is stored then).</returns>
    [Alias("Register")]
    Task<RegisterDefinitionResult> RegisterAsync(JsonElement document);

    /// <summary>Reads one version, or the latest when <paramref name="version"/> is null.</summary>
    /// <param name="version">The version number, or <see langword="null"/> for the latest.</param>
    /// <returns>The definition, or <see langword="null"/> when it does not exist.</returns>
    [Alias("Get")]
    Task<WorkflowDefinition?> GetAsync(int? version);
}
