using System.Globalization;
using Automation.Definitions;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Definitions;

/// <summary>
/// Version listing, deprecation and deletion. Every change goes through this grain (one activation per name), so the
/// caches of parsed versions and of deprecations change with the rows: a deleted version leaves the cache, a
/// deprecation is seen by the next start.
/// </summary>
internal sealed partial class DefinitionGrain
{
    // Loaded on first use; null means "not loaded". Key null is the whole definition's deprecation.
    private Dictionary<int, DefinitionDeprecation>? _deprecations;
    private DefinitionDeprecation? _wholeDeprecation;

    async Task<IReadOnlyList<DefinitionVersionInfo>> IDefinitionGrain.ListVersionsAsync()
    {
        var versions = await store.ListVersionsAsync(Name);
        await LoadDeprecationsAsync();
        return [.. versions.Select(v => new DefinitionVersionInfo(v.Version, v.Description, v.CreatedAt, v.RegisteredBy, DeprecationOf(v.Version)))];
    }

    async Task<DefinitionDeprecation?> IDefinitionGrain.GetDeprecationAsync(int version)
    {
        await LoadDeprecationsAsync();
        return DeprecationOf(version);
    }

    async Task<DefinitionChangeResult> IDefinitionGrain.DeprecateAsync(DeprecateDefinitionCommand command)
    {
        var versions = (await store.ListVersionsAsync(Name)).Select(v => v.Version).ToHashSet();
        if (versions.Count == 0)
        {
            return new DefinitionChangeResult(DefinitionChangeOutcome.NotFound, $"No definition named '{Name}'.");
        }

        if (command.Version is { } version && !versions.Contains(version))
        {
            return Invalid("$.version", $"Definition '{Name}' has no version {version}.");
        }

        if (command.Replacement is { } replacement && await CheckReplacementAsync(replacement, command.Version, versions) is { } invalid)
        {
            return invalid;
        }

        var deprecation = new DefinitionDeprecation(command.Version, command.Replacement, command.Reason, command.By, time.GetUtcNow());
        await store.SetDeprecationAsync(Name, deprecation);
        await LoadDeprecationsAsync();
        if (command.Version is { } v)
        {
            _deprecations![v] = deprecation;
        }
        else
        {
            _wholeDeprecation = deprecation;
        }

        LogDeprecated(Name, command.Version?.ToString(CultureInfo.InvariantCulture) ?? "all", command.By);
        return DefinitionChangeResult.Done;
    }

    async Task<DefinitionChangeResult> IDefinitionGrain.UndeprecateAsync(int? version)
    {
        var versions = (await store.ListVersionsAsync(Name)).Select(v => v.Version).ToHashSet();
        if (versions.Count == 0)
        {
            return new DefinitionChangeResult(DefinitionChangeOutcome.NotFound, $"No definition named '{Name}'.");
        }

        if (version is { } requested && !versions.Contains(requested))
        {
            return Invalid("$.version", $"Definition '{Name}' has no version {requested}.");
        }

        await store.RemoveDeprecationAsync(Name, version);
        await LoadDeprecationsAsync();
        if (version is { } v)
        {
            _deprecations!.Remove(v);
        }
        else
        {
            _wholeDeprecation = null;
        }

        return DefinitionChangeResult.Done;
    }

    async Task<DefinitionChangeResult> IDefinitionGrain.DeleteAsync(int? version, string by)
    {
        var result = await store.DeleteAsync(Name, version);
        if (result.InUse > 0)
        {
            var what = version is null ? $"Definition '{Name}'" : $"Version {version} of definition '{Name}'";
            return new DefinitionChangeResult(
                DefinitionChangeOutcome.InUse,
                $"{what} is used by {result.InUse} workflow{(result.InUse == 1 ? "" : "s")} (running or finished and not yet purged by retention); it can be deleted once none uses it.",
                result.InUse);
        }

        if (result.Deleted == 0)
        {
            return new DefinitionChangeResult(DefinitionChangeOutcome.NotFound,
                version is null ? $"No definition named '{Name}'." : $"Definition '{Name}' has no version {version}.");
        }

        // Forget every cached version and deprecation: the next read loads what the database now holds.
        _versions.Clear();
        _latest = null;
        _deprecations = null;
        _wholeDeprecation = null;
        LogDeleted(Name, version?.ToString(CultureInfo.InvariantCulture) ?? "all", by);
        return DefinitionChangeResult.Done;
    }

    private DefinitionDeprecation? DeprecationOf(int version) =>
        _deprecations is not null && _deprecations.TryGetValue(version, out var own) ? own : _wholeDeprecation;

    private async Task LoadDeprecationsAsync()
    {
        if (_deprecations is not null)
        {
            return;
        }

        var rows = await store.ListDeprecationsAsync(Name);
        _deprecations = rows.Where(d => d.Version is not null).ToDictionary(d => d.Version!.Value);
        _wholeDeprecation = rows.FirstOrDefault(d => d.Version is null);
    }

    /// <summary>A replacement is a version number of this definition (not the deprecated one) or another existing definition's name.</summary>
    private async Task<DefinitionChangeResult?> CheckReplacementAsync(string replacement, int? deprecated, HashSet<int> versions)
    {
        if (int.TryParse(replacement, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
        {
            if (deprecated is null)
            {
                return Invalid("$.replacement", "Every version is being deprecated: the replacement must be another definition's name, not a version number.");
            }

            return !versions.Contains(number) ? Invalid("$.replacement", $"Definition '{Name}' has no version {number}.")
                : number == deprecated ? Invalid("$.replacement", "A version cannot replace itself.")
                : null;
        }

        if (replacement == Name)
        {
            return Invalid("$.replacement", "Name a version number to replace one version with another of the same definition.");
        }

        return await store.GetAsync(replacement, null) is null ? Invalid("$.replacement", $"No definition named '{replacement}'.") : null;
    }

    private static DefinitionChangeResult Invalid(string field, string message) =>
        new(DefinitionChangeOutcome.Invalid, message, Field: field);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deprecated definition {Name} version {Version} (by {By})")]
    private partial void LogDeprecated(string name, string version, string by);

    [LoggerMessage(Level = LogLevel.Information, Message = "Deleted definition {Name} version {Version} (by {By})")]
    private partial void LogDeleted(string name, string version, string by);
}
