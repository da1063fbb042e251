namespace Automation.Alerts;

/// <summary>
/// Alerts at rest, one row each (a growing set, not grain state). At most one alert per de-duplication key is
/// unresolved at a time; every write is conditional, so a repeated call changes nothing twice.
/// </summary>
public interface IAlertStore
{
    /// <summary>Stores <paramref name="alert"/> unless an unresolved alert with its key exists.</summary>
    /// <param name="alert">The alert (an already resolved one, e.g. a suppression record, is always stored).</param>
    /// <param name="messages">Messages to queue in the same transaction when this call stores it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored alert and <see langword="true"/>, or the existing unresolved one and <see langword="false"/>.</returns>
    Task<AlertChange> OpenAsync(Alert alert, AlertMessages? messages = null, CancellationToken cancellationToken = default);

    /// <summary>Reads one alert.</summary>
    /// <param name="id">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The alert, or <see langword="null"/>.</returns>
    Task<Alert?> GetAsync(string id, CancellationToken cancellationToken = default);

    /// <summary>Lists every unresolved alert (open or acknowledged), oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The alerts.</returns>
    Task<IReadOnlyList<Alert>> ListUnresolvedAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads a page, newest first.</summary>
    /// <param name="query">The filters and cursor.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page.</returns>
    Task<AlertPage> ListAsync(AlertQuery query, CancellationToken cancellationToken = default);

    /// <summary>Acknowledges an open alert; an acknowledged or resolved one is left as it is.</summary>
    /// <param name="id">The id.</param>
    /// <param name="actor">Who.</param>
    /// <param name="at">When.</param>
    /// <param name="comment">Why, if given.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The alert and whether this call changed it.</returns>
    Task<AlertChange> AcknowledgeAsync(string id, string actor, DateTimeOffset at, string? comment, CancellationToken cancellationToken = default);

    /// <summary>Resolves an unresolved alert; a resolved one is left as it is.</summary>
    /// <param name="id">The id.</param>
    /// <param name="actor">Who (<see cref="Alert.Auto"/> for automatic resolutions).</param>
    /// <param name="at">When.</param>
    /// <param name="comment">Why, if given.</param>
    /// <param name="messages">Messages to queue in the same transaction when this call resolves it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The alert and whether this call changed it.</returns>
    Task<AlertChange> ResolveAsync(string id, string actor, DateTimeOffset at, string? comment, AlertMessages? messages = null, CancellationToken cancellationToken = default);

    /// <summary>Marks an open, never escalated alert as escalated.</summary>
    /// <param name="id">The id.</param>
    /// <param name="at">When.</param>
    /// <param name="messages">Messages to queue in the same transaction when this call marks it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when this call marked it (so exactly one caller escalates).</returns>
    Task<bool> MarkEscalatedAsync(string id, DateTimeOffset at, AlertMessages? messages = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Queues one message about an alert per channel in the delivery outbox, due at once; a message already queued (same
    /// alert, kind and channel) is left as it is.
    /// </summary>
    /// <param name="alertId">The alert.</param>
    /// <param name="kind">One of <see cref="AlertDeliveryKinds"/>.</param>
    /// <param name="channels">The channels.</param>
    /// <param name="template">A stored template to render with, or <see langword="null"/>.</param>
    /// <param name="at">Now.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when they are stored.</returns>
    Task EnqueueDeliveriesAsync(string alertId, string kind, IReadOnlyList<string> channels, string? template, DateTimeOffset at, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims pending messages that are due, for one attempt each: their attempt count goes up and they are not due again
    /// before <paramref name="leaseUntil"/> (so a silo lost in the middle of an attempt leaves a message that is retried
    /// later, never one sent twice at once). Pending messages that used all <paramref name="maxAttempts"/> without an
    /// outcome are marked failed.
    /// </summary>
    /// <param name="now">Now.</param>
    /// <param name="leaseUntil">When a claimed message is due again if no outcome is recorded.</param>
    /// <param name="maxAttempts">Attempts per message.</param>
    /// <param name="limit">The most to claim.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The claimed messages.</returns>
    Task<IReadOnlyList<PendingAlertDelivery>> ClaimDueDeliveriesAsync(DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, int limit, CancellationToken cancellationToken = default);

    /// <summary>Records the outcome of a claimed attempt (ignored when the message was claimed again since).</summary>
    /// <param name="delivery">The claimed message.</param>
    /// <param name="outcome"><see cref="AlertDelivery.Delivered"/>, <see cref="AlertDelivery.Failed"/>, or <see cref="AlertDelivery.Pending"/> to retry.</param>
    /// <param name="error">Why the attempt failed, when it did.</param>
    /// <param name="at">Now.</param>
    /// <param name="nextAttemptAt">When to retry, for <see cref="AlertDelivery.Pending"/>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when it is stored.</returns>
    Task RecordAttemptAsync(PendingAlertDelivery delivery, string outcome, string? error, DateTimeOffset at, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default);
}
