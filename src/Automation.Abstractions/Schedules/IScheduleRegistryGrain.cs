namespace Automation.Schedules;

/// <summary>The ids of every schedule (one grain, key <see cref="Key"/>), so that they can be listed without a table scan.</summary>
[Alias("automation.IScheduleRegistryGrain")]
public interface IScheduleRegistryGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Key = "all";

    /// <summary>Adds an id (before the schedule's first write, so that no schedule exists unlisted).</summary>
    /// <param name="scheduleId">The id.</param>
    /// <returns>A task that completes when the id is durable.</returns>
    [Alias("Add")]
    Task AddAsync(string scheduleId);

    /// <summary>Removes an id (after the schedule is deleted).</summary>
    /// <param name="scheduleId">The id.</param>
    /// <returns>A task that completes when the removal is durable.</returns>
    [Alias("Remove")]
    Task RemoveAsync(string scheduleId);

    /// <summary>Lists the ids in ordinal order.</summary>
    /// <returns>The ids; a listed id whose schedule has no state was being created or deleted.</returns>
    [Alias("List")]
    Task<IReadOnlyList<string>> ListAsync();
}
