namespace Automation.Alerts;

/// <summary>
/// The messages to queue in the delivery outbox together with an alert change, in the same transaction: a change that
/// is stored always has its messages queued (a failure fails both, and the caller retries the change).
/// </summary>
/// <param name="Kind">One of <see cref="AlertDeliveryKinds"/>.</param>
/// <param name="Channels">The channels, one message each (none: nothing is queued).</param>
/// <param name="Template">A stored template to render with, or <see langword="null"/>.</param>
/// <param name="MinSeverity">Messages are queued only when the changed alert's severity is at least this.</param>
/// <param name="At">Now: when they are queued and first due.</param>
public sealed record AlertMessages(string Kind, IReadOnlyList<string> Channels, string? Template, AlertSeverity MinSeverity, DateTimeOffset At);
