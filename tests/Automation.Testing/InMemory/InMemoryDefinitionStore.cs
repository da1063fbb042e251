using System.Text.Json;
using Automation.Definitions;
using Automation.Persistence;

namespace Automation.Testing.InMemory;

/// <summary>Definition versions in memory, shared by every silo of one in-process cluster (cluster test tier).</summary>
public sealed class InMemoryDefinitionStore : IDefinitionStore
{
    private readonly Dictionary<string, List<StoredDefinition>> _versions = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, int? Version), DefinitionDeprecation> _deprecations = [];
    private readonly Dictionary<string, int> _deleted = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Name, int Version), string?> _registeredBy = [];

    /// <summary>Counts the workflows using a definition version (the cluster tier has no visibility table to count); none by default.</summary>
    public Func<string, int?, long> CountUses { get; set; } = (_, _) => 0;

    /// <inheritdoc />
    public Task<StoredDefinition> InsertAsync(string name, JsonElement document, string? registeredBy = null, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            if (!_versions.TryGetValue(name, out var list))
            {
                _versions[name] = list = [];
            }

            var next = Math.Max(list.Count == 0 ? 0 : list[^1].Version, _deleted.GetValueOrDefault(name)) + 1;
            var stored = new StoredDefinition(name, next, document.Clone(), DateTimeOffset.UtcNow);
            list.Add(stored);
            _registeredBy[(name, next)] = registeredBy;
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<StoredDefinition?> GetAsync(string name, int? version, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            var list = _versions.GetValueOrDefault(name);
            var stored = list is null ? null : version is { } v ? list.Find(d => d.Version == v) : list.LastOrDefault();
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            IReadOnlyList<DefinitionSummary> list = [.. _versions.Where(p => p.Value.Count > 0).OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value[^1]).Select(d =>
                new DefinitionSummary(d.Name, d.Version, d.Document.TryGetProperty("description", out var x) ? x.GetString() : null, d.CreatedAt))];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<StoredDefinitionVersion>> ListVersionsAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            IReadOnlyList<StoredDefinitionVersion> list = [.. (_versions.GetValueOrDefault(name) ?? []).Select(d => new StoredDefinitionVersion(
                d.Version, d.Document.TryGetProperty("description", out var x) ? x.GetString() : null, d.CreatedAt, _registeredBy.GetValueOrDefault((name, d.Version))))];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DefinitionDeprecation>> ListDeprecationsAsync(string name, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            IReadOnlyList<DefinitionDeprecation> list = [.. _deprecations.Where(p => p.Key.Name == name).Select(p => p.Value)];
            return Task.FromResult(list);
        }
    }

    /// <inheritdoc />
    public Task SetDeprecationAsync(string name, DefinitionDeprecation deprecation, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            _deprecations[(name, deprecation.Version)] = deprecation;
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task<bool> RemoveDeprecationAsync(string name, int? version, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            return Task.FromResult(_deprecations.Remove((name, version)));
        }
    }

    /// <inheritdoc />
    public Task<DefinitionDeleteResult> DeleteAsync(string name, int? version, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            var inUse = CountUses(name, version);
            if (inUse > 0)
            {
                return Task.FromResult(new DefinitionDeleteResult(0, inUse));
            }

            var list = _versions.GetValueOrDefault(name) ?? [];
            var deleted = list.RemoveAll(d => version is null || d.Version == version);
            if (deleted > 0)
            {
                foreach (var key in _deprecations.Keys.Where(k => k.Name == name && (version is null || k.Version == version)).ToList())
                {
                    _deprecations.Remove(key);
                }

                if (version is { } v)
                {
                    _deleted[name] = Math.Max(_deleted.GetValueOrDefault(name), v);
                }
                else
                {
                    _deleted.Remove(name);
                }
            }

            return Task.FromResult(new DefinitionDeleteResult(deleted, 0));
        }
    }
}
