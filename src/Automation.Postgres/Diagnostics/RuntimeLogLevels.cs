using Microsoft.Extensions.Configuration;

namespace Automation.Postgres.Diagnostics;

/// <summary>
/// A configuration source added last to a host's configuration (both hosts reference this project), holding the
/// run-time log-level overrides as <c>Logging:LogLevel:{category}</c> keys: they win over <c>appsettings.json</c> and
/// the environment, and the logging filters follow a reload at once, without a restart. Removing an override brings
/// back the configured level; a change of the configuration files applies the same way.
/// </summary>
public sealed class RuntimeLogLevels : ConfigurationProvider, IConfigurationSource
{
    private readonly Lock _gate = new();
    private long _version = -1;

    /// <summary>The version of the overrides applied last; -1 before the first.</summary>
    public long Version => Interlocked.Read(ref _version);

    /// <summary>Replaces the overrides with <paramref name="levels"/> and reloads the logging filters.</summary>
    /// <param name="version">The overrides' version.</param>
    /// <param name="levels">Level names by category.</param>
    public void Apply(long version, IReadOnlyDictionary<string, string> levels)
    {
        ArgumentNullException.ThrowIfNull(levels);
        lock (_gate)
        {
            if (version <= _version)
            {
                return;
            }

            // Last one wins for categories that differ only in case (never a duplicate-key exception that would stop
            // every later change from applying).
            var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
            foreach (var (category, level) in levels)
            {
                data[$"Logging:LogLevel:{category}"] = level;
            }

            Data = data;
            Interlocked.Exchange(ref _version, version);
        }

        OnReload();
    }

    /// <inheritdoc />
    public IConfigurationProvider Build(IConfigurationBuilder builder) => this;
}
