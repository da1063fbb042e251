namespace Automation.Grains.Hosting;

/// <summary>How the silo's alert manager reconciles, escalates and delivers; bound from <c>Automation:Alerts</c>.</summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Automation:Alerts";

    /// <summary>How often open alerts are compared with the services' statuses (a reminder; at least the reminder minimum).</summary>
    /// <value>1 minute.</value>
    public TimeSpan ReconcileInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How often the manager looks for alerts due for escalation while any is open.</summary>
    /// <value>15 seconds.</value>
    public TimeSpan EscalationCheckInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>Attempts per message and channel before it is recorded as failed.</summary>
    /// <value>5.</value>
    public int DeliveryAttempts { get; set; } = 5;

    /// <summary>The wait after the first failed attempt; it doubles after each.</summary>
    /// <value>2 seconds.</value>
    public TimeSpan DeliveryBackoff { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>The longest wait between attempts.</summary>
    /// <value>1 minute.</value>
    public TimeSpan MaxDeliveryBackoff { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The longest one attempt may take.</summary>
    /// <value>30 seconds.</value>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The API's public base URL, for the dashboard link in messages (e.g. <c>https://automation.example.com</c>); links are relative when unset.</summary>
    public string? DashboardBaseUrl { get; set; }
}
