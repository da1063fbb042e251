namespace Automation.Grains.Hosting;

/// <summary>Engine tuning. Bound from the configuration section <c>Automation:Engine</c>.</summary>
public sealed class EngineOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Engine";

    /// <summary>
    /// Period of the reminder a running workflow holds. When a silo dies, its workflows resume on another silo within
    /// about this long. Each tick costs one no-op grain call per running workflow. Default 30 s; minimum 5 s.
    /// </summary>
    public TimeSpan ReminderPeriod { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a workflow runs before it takes its reminder. Until then its visibility row (written as Running
    /// before its first write) is what brings it back: the silos' recovery sweeps resume every running workflow when a
    /// silo dies, leaves, joins or starts. Short workflows finish without ever writing a reminder (two commits less
    /// each, and one round trip less on the start path). Zero takes the reminder before the first write, as before.
    /// Default 5 s; at most <see cref="ReminderPeriod"/>.
    /// </summary>
    public TimeSpan ReminderAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// How late a schedule's fire may be and still count as on time; a later fire (the cluster was down) is missed and
    /// follows the schedule's <c>catchUp</c>. Default 15 s; minimum 1 s.
    /// </summary>
    public TimeSpan ScheduleGrace { get; set; } = TimeSpan.FromSeconds(15);
}
