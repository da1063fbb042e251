namespace Automation.Alerts;

/// <summary>A queued message about an alert, claimed for one attempt (see <see cref="IAlertStore.ClaimDueDeliveriesAsync"/>).</summary>
/// <param name="Key">The outbox row's id, also the <c>Idempotency-Key</c> of every attempt.</param>
/// <param name="AlertId">The alert.</param>
/// <param name="Channel">The channel.</param>
/// <param name="Kind">One of <see cref="AlertDeliveryKinds"/>.</param>
/// <param name="Template">A stored template to render with, or <see langword="null"/> for the built-in text.</param>
/// <param name="Attempt">This attempt's 1-based number.</param>
public sealed record PendingAlertDelivery(string Key, string AlertId, string Channel, string Kind, string? Template, int Attempt)
{
    /// <summary>The key of the message about <paramref name="alertId"/> of <paramref name="kind"/> to <paramref name="channel"/>.</summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="channel">The channel.</param>
    /// <returns><c>alert-{alertId}:{kind}:{channel}</c>.</returns>
    public static string KeyOf(string alertId, string kind, string channel) => $"alert-{alertId}:{kind}:{channel}";
}
