namespace Automation.Alerts;

/// <summary>A page request over stored alerts, newest first.</summary>
/// <param name="Status">Only alerts in this status.</param>
/// <param name="Severity">Only alerts of this severity.</param>
/// <param name="SourceKind">Only alerts from this kind of source.</param>
/// <param name="SourceName">Only alerts from this source.</param>
/// <param name="Since">Only alerts raised at or after this time.</param>
/// <param name="Before">Only alerts with a <see cref="Alert.Sequence"/> below this (the cursor).</param>
/// <param name="Limit">At most this many.</param>
public sealed record AlertQuery(
    AlertStatus? Status, AlertSeverity? Severity, string? SourceKind, string? SourceName, DateTimeOffset? Since, long? Before, int Limit);
