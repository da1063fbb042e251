namespace Automation.Alerts;

/// <summary>Where an alert is in its life.</summary>
public enum AlertStatus
{
    /// <summary>Raised and not acknowledged: escalates when unacknowledged long enough.</summary>
    Open = 0,

    /// <summary>Someone took it; it does not escalate.</summary>
    Acknowledged = 1,

    /// <summary>Over: resolved by someone or automatically (<c>auto</c>) when its source recovered.</summary>
    Resolved = 2,
}
