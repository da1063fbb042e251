using Automation.Schedules;

namespace Automation.Grains.Schedules;

/// <summary>Keeps every schedule id in one small state, so that <c>GET /schedules</c> needs no table of its own.</summary>
internal sealed class ScheduleRegistryGrain(
    [PersistentState("schedule-registry", StorageNames.Workflows)] IPersistentState<ScheduleRegistryState> state) : Grain, IScheduleRegistryGrain
{
    async Task IScheduleRegistryGrain.AddAsync(string scheduleId)
    {
        if (state.State.Ids.Add(scheduleId))
        {
            await WriteAsync(() => state.State.Ids.Remove(scheduleId));
        }
    }

    async Task IScheduleRegistryGrain.RemoveAsync(string scheduleId)
    {
        if (state.State.Ids.Remove(scheduleId))
        {
            await WriteAsync(() => state.State.Ids.Add(scheduleId));
        }
    }

    Task<IReadOnlyList<string>> IScheduleRegistryGrain.ListAsync() => Task.FromResult<IReadOnlyList<string>>([.. state.State.Ids]);

    private async Task WriteAsync(Action undo)
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory never runs ahead of storage.
            undo();
            throw;
        }
    }
}
