namespace Automation.Hosting;

/// <summary>How long finished workflows and resolved alerts are kept before the retention job purges them. Bound from <c>Automation:Retention</c>.</summary>
public sealed class RetentionOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Retention";

    /// <summary>How long a finished workflow is kept when its definition sets no root <c>retention</c>.</summary>
    /// <value>Default 30 days.</value>
    public TimeSpan Default { get; set; } = TimeSpan.FromDays(30);

    /// <summary>The shortest root <c>retention</c> a definition may set (a shorter one is refused at registration, naming <c>$.retention</c>).</summary>
    /// <value>Default 1 hour.</value>
    public TimeSpan Minimum { get; set; } = TimeSpan.FromHours(1);

    /// <summary>Whether the silo runs the purge job.</summary>
    /// <value>Default <see langword="true"/>.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>How often the job looks for expired workflows.</summary>
    /// <value>Default 5 minutes.</value>
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How long a resolved alert (with its deliveries) is kept after it was resolved; open and acknowledged alerts are never purged.</summary>
    /// <value>Default 90 days.</value>
    public TimeSpan ResolvedAlerts { get; set; } = TimeSpan.FromDays(90);

    /// <summary>How many workflows (or resolved alerts) one transaction purges.</summary>
    /// <value>Default 500.</value>
    public int BatchSize { get; set; } = 500;
}
