namespace Automation.Grains.Hosting;

/// <summary>Monitored services' tuning. Bound from the configuration section <c>Automation:Services</c>.</summary>
public sealed class ServiceMonitorOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Services";

    /// <summary>The shortest probe interval a registration may ask for. Default 1 s; at least 100 ms.</summary>
    public TimeSpan MinimumInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often a silo writes buffered probe results, closed minutes and transitions to PostgreSQL. Default 2 s.</summary>
    public TimeSpan HistoryFlushInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Recent probe results kept per service in PostgreSQL (older ones are pruned once a minute). Default 1,000.</summary>
    public int KeepProbes { get; set; } = 1000;

    /// <summary>Probe results and per-minute aggregates older than this are pruned. Default 24 h.</summary>
    public TimeSpan ProbeRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>Transitions older than this are pruned (uptime over 7 d needs at least 7 d). Default 30 d.</summary>
    public TimeSpan TransitionRetention { get; set; } = TimeSpan.FromDays(30);
}
