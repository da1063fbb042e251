namespace Automation.Grains.Schedules;

/// <summary>Persisted state of the schedule registry: every schedule id.</summary>
[GenerateSerializer, Alias("automation.grains.ScheduleRegistryState")]
public sealed class ScheduleRegistryState
{
    /// <summary>The ids.</summary>
    [Id(0)] public SortedSet<string> Ids { get; set; } = new(StringComparer.Ordinal);
}
