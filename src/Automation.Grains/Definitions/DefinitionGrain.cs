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
    IServiceProvider services,
    ILogger<DefinitionGrain> logger) : Grain, IDefinitionGrain
{
    private readonly Dictionary<int, WorkflowDefinition> _versions = [];
    private int? _latest;

    private string Name => this.GetPrimaryKeyString();

    Task<RegisterDefinitionResult> IDefinitionGrain.RegisterAsync(JsonElement document) => RegisterAsync(document, null);

    Task<RegisterDefinitionResult> IDefinitionGrain.RegisterAsync(JsonElement document, string? registeredBy) => RegisterAsync(document, registeredBy);

    async Task<DefinitionValidationResult> IDefinitionGrain.ValidateAsync(JsonElement document)
    {
        var (definition, errors) = await CheckAsync(document);
        var latest = await ((IDefinitionGrain)this).GetAsync(null);
        var unchanged = await UnchangedLatestAsync(latest, document) is not null;
        return new DefinitionValidationResult(errors, definition, !unchanged, latest?.Version);
    }

    private async Task<RegisterDefinitionResult> RegisterAsync(JsonElement document, string? registeredBy)
    {
        var (_, errors) = await CheckAsync(document);
        if (errors.Count > 0)
        {
            return new RegisterDefinitionResult(null, errors);
        }

        // The same document again (a retried PUT, a CI pipeline applying what it applied before) is the latest version,
        // unless that one is deprecated: then a new, usable version is what the caller wants.
        if (await UnchangedLatestAsync(await ((IDefinitionGrain)this).GetAsync(null), document) is { } same)
        {
            return new RegisterDefinitionResult(same, []) { Unchanged = true };
        }

        // A database failure leaves this grain as StorageUnavailableException (StorageFailureCallFilter).
        var stored = await store.InsertAsync(Name, document, registeredBy);
        var definition = Parse(stored);
        _latest = definition.Version;
        LogRegistered(Name, definition.Version);
        return new RegisterDefinitionResult(definition, []);
    }

    /// <summary>Every check registration makes (the one validator of PUT and of the validation endpoint).</summary>
    private async Task<(WorkflowDefinition? Definition, List<ValidationError> Errors)> CheckAsync(JsonElement document)
    {
        var errors = new List<ValidationError>();
        var definition = parser.Parse(Name, 0, document, time.GetUtcNow(), errors);
        if (errors.Count == 0)
        {
            await CheckChildDefinitionsAsync(document, errors);
            await CheckNotificationsAsync(document, errors);
        }

        return (errors.Count == 0 ? definition : null, errors);
    }

    /// <summary>The latest version when <paramref name="document"/> is identical to it and it is not deprecated; otherwise null.</summary>
    private async Task<WorkflowDefinition?> UnchangedLatestAsync(WorkflowDefinition? latest, JsonElement document)
    {
        if (latest is null || !JsonElement.DeepEquals(latest.Document, document))
        {
            return null;
        }

        await LoadDeprecationsAsync();
        return DeprecationOf(latest.Version) is null ? latest : null;
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
    /// <summary>
    /// A <c>notify</c> step's channel and stored template named literally must exist when the definition is registered
    /// (templated names are resolved when the step runs; a channel deleted later fails the step with
    /// <c>notify.channel-not-found</c>). Skipped where the silo has no notification stores.
    /// </summary>
    private async Task CheckNotificationsAsync(JsonElement document, List<ValidationError> errors)
    {
        var channels = services.GetService(typeof(Automation.Notifications.INotificationChannelStore)) as Automation.Notifications.INotificationChannelStore;
        var templates = services.GetService(typeof(Automation.Notifications.INotificationTemplateStore)) as Automation.Notifications.INotificationTemplateStore;
        foreach (var (type, with, path) in parser.AllSteps(document))
        {
            if (type != "notify")
            {
                continue;
            }

            if (channels is not null && Literal(with, "channel") is { } channel && await channels.GetAsync(channel) is null)
            {
                errors.Add(new ValidationError($"{path}.channel", $"No channel '{channel}': create it first with PUT /api/v1/channels/{channel}."));
            }

            if (templates is not null && Literal(with, "template") is { } template)
            {
                int? version = with.TryGetProperty("templateVersion", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null;
                if (await templates.GetAsync(template, version) is null)
                {
                    errors.Add(new ValidationError(version is null ? $"{path}.template" : $"{path}.templateVersion", version is { } missing
                        ? $"Template '{template}' has no version {missing}."
                        : $"No template '{template}': store it first with PUT /api/v1/templates/{template}."));
                }
            }
        }

        static string? Literal(JsonElement with, string name) =>
            with.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String && !JsonChecks.IsTemplate(value) ? value.GetString() : null;
    }

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
