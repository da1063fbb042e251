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
        var changed = level is null ? state.State.Levels.Remove(category) : state.State.Levels.GetValueOrDefault(category) != level;
        if (changed)
        {
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
