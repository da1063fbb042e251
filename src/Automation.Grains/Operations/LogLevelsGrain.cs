using Automation.Operations;

namespace Automation.Grains.Operations;

/// <summary>
/// Holds the cluster's run-time log-level overrides (persisted, so that they survive the grain moving and new
/// processes pick them up); processes poll it and apply changes.
/// </summary>
internal sealed class LogLevelsGrain(
    [PersistentState("log-levels", StorageNames.Workflows)] IPersistentState<LogLevelsState> state) : Grain, ILogLevelsGrain
{
    Task<LogLevelOverrides> ILogLevelsGrain.GetAsync() => Task.FromResult(Snapshot());

    async Task<LogLevelOverrides> ILogLevelsGrain.SetAsync(string category, string? level)
    {
        // Categories match case-insensitively (as Microsoft.Extensions.Logging's filter rules do): a change to
        // "automation.grains" replaces "Automation.Grains" rather than adding a second key that differs only in case.
        var existing = state.State.Levels.Keys.FirstOrDefault(k => string.Equals(k, category, StringComparison.OrdinalIgnoreCase));
        var changed = level is null ? existing is not null : existing != category || state.State.Levels[existing] != level;
        if (changed)
        {
            if (existing is not null)
            {
                state.State.Levels.Remove(existing);
            }

            if (level is not null)
            {
                state.State.Levels[category] = level;
            }

            state.State.Version++;
            await state.WriteStateAsync();
        }

        return Snapshot();
    }

    private LogLevelOverrides Snapshot() =>
        new(state.State.Version, new SortedDictionary<string, string>(state.State.Levels, StringComparer.Ordinal));
}
