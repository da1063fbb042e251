using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Persistence;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Definitions;

/// <summary>
/// Serializes registrations of one definition name and caches its parsed versions. Versions are rows of
/// <c>automation_definitions</c> (immutable, listable with SQL) rather than Orleans grain state.
/// </summary>
internal sealed partial class DefinitionGrain(
    IDefinitionStore store,
    DefinitionParser parser,
    TimeProvider time,
    ILogger<DefinitionGrain> logger) : Grain, IDefinitionGrain
{
    private readonly Dictionary<int, WorkflowDefinition> _versions = [];
    private int? _latest;

    private string Name => this.GetPrimaryKeyString();

    Task<RegisterDefinitionResult> IDefinitionGrain.RegisterAsync(JsonElement document) => RegisterAsync(document, null);

    Task<RegisterDefinitionResult> IDefinitionGrain.RegisterAsync(JsonElement document, string? registeredBy) => RegisterAsync(document, registeredBy);

    private async Task<RegisterDefinitionResult> RegisterAsync(JsonElement document, string? registeredBy)
    {
        var errors = new List<ValidationError>();
        parser.Parse(Name, 0, document, time.GetUtcNow(), errors);
        if (errors.Count == 0)
        {
            await CheckChildDefinitionsAsync(document, errors);
        }

        if (errors.Count > 0)
        {
            return new RegisterDefinitionResult(null, errors);
        }

        // A database failure leaves this grain as StorageUnavailableException (StorageFailureCallFilter).
        var stored = await store.InsertAsync(Name, document, registeredBy);
        var definition = Parse(stored);
        _latest = definition.Version;
        LogRegistered(Name, definition.Version);
        return new RegisterDefinitionResult(definition, []);
    }

    async Task<WorkflowDefinition?> IDefinitionGrain.GetAsync(int? version)
    {
        if (version is { } v && _versions.TryGetValue(v, out var cached))
        {
            return cached;
        }

        if (version is null && _latest is { } latest && _versions.TryGetValue(latest, out var newest))
        {
            return newest;
        }

        var stored = await store.GetAsync(Name, version);
        if (stored is null)
        {
            return null;
        }

        var definition = Parse(stored);
        if (version is null)
        {
            _latest = definition.Version;
        }

        return definition;
    }

    /// <summary>
    /// A child workflow's definition named literally must exist (and the version, when given) when this one is
    /// registered; a definition may start itself. Templated names are resolved when the step runs.
    /// </summary>
    private async Task CheckChildDefinitionsAsync(JsonElement document, List<ValidationError> errors)
    {
        foreach (var (path, name, version) in parser.ChildDefinitions(document))
        {
            if (name == Name && version is null)
            {
                continue;
            }

            // From the store, not the other definition's grain: two registrations naming each other must not wait on each other.
            if (await store.GetAsync(name, version) is null)
            {
                errors.Add(new ValidationError(path, version is { } missing
                    ? $"Definition '{name}' has no version {missing}: register it first, or omit 'version' for the latest."
                    : $"No definition '{name}': register it first (a child workflow's definition must exist)."));
            }
        }
    }

    private WorkflowDefinition Parse(StoredDefinition stored)
    {
        if (_versions.TryGetValue(stored.Version, out var known))
        {
            return known;
        }

        var errors = new List<ValidationError>();
        var definition = parser.Parse(stored.Name, stored.Version, stored.Document, stored.CreatedAt, errors)
            ?? throw new InvalidOperationException($"Stored definition {stored.Name} v{stored.Version} no longer validates: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}"))}");
        _versions[stored.Version] = definition;
        return definition;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Registered definition {Name} version {Version}")]
    private partial void LogRegistered(string name, int version);
}
