using System.Text.Json.Serialization;

namespace Automation.Alerts;

/// <summary>Where an alert is in its life.</summary>
/// <remarks>Written in JSON in lower case.</remarks>
public enum AlertStatus
{
    /// <summary>Raised and not acknowledged: escalates when unacknowledged long enough.</summary>
    [JsonStringEnumMemberName("open")]
    Open = 0,

    /// <summary>Someone took it; it does not escalate.</summary>
    [JsonStringEnumMemberName("acknowledged")]
    Acknowledged = 1,

    /// <summary>Over: resolved by someone or automatically (<c>auto</c>) when its source recovered.</summary>
    [JsonStringEnumMemberName("resolved")]
    Resolved = 2,
}
