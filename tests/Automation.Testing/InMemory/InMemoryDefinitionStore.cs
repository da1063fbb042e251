using System.Text.Json;
using Automation.Persistence;

namespace Automation.Testing.InMemory;

/// <summary>Definition versions in memory, shared by every silo of one in-process cluster (cluster test tier).</summary>
public sealed class InMemoryDefinitionStore : IDefinitionStore
{
    private readonly Dictionary<string, List<StoredDefinition>> _versions = new(StringComparer.Ordinal);

    /// <inheritdoc />
    public Task<StoredDefinition> InsertAsync(string name, JsonElement document, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            if (!_versions.TryGetValue(name, out var list))
            {
                _versions[name] = list = [];
            }

            var stored = new StoredDefinition(name, list.Count + 1, document.Clone(), DateTimeOffset.UtcNow);
            list.Add(stored);
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<StoredDefinition?> GetAsync(string name, int? version, CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            var list = _versions.GetValueOrDefault(name);
            var stored = list is null ? null : version is { } v ? list.ElementAtOrDefault(v - 1) : list.LastOrDefault();
            return Task.FromResult(stored);
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<DefinitionSummary>> ListAsync(CancellationToken cancellationToken = default)
    {
        lock (_versions)
        {
            IReadOnlyList<DefinitionSummary> list = [.. _versions.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => p.Value[^1]).Select(d =>
                new DefinitionSummary(d.Name, d.Version, d.Document.TryGetProperty("description", out var x) ? x.GetString() : null, d.CreatedAt))];
            return Task.FromResult(list);
        }
    }
}
