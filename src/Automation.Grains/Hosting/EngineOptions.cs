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
}
