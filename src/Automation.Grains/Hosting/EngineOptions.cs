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

    /// <summary>How long a task grain keeps retrying to deliver a result to its workflow before leaving it to the reminder. Default 1 min.</summary>
    public TimeSpan ReportRetryWindow { get; set; } = TimeSpan.FromMinutes(1);
}
