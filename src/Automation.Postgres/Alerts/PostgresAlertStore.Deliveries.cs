using Automation.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Alerts;

/// <summary>The alert delivery outbox: <c>automation_alert_deliveries</c> (<c>sql/migrations/0012-alert-deliveries.sql</c>).</summary>
public sealed partial class PostgresAlertStore
{
    /// <inheritdoc/>
    public async Task EnqueueDeliveriesAsync(string alertId, string kind, IReadOnlyList<string> channels, string? template, DateTimeOffset at, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(channels);
        if (channels.Count == 0)
        {
            return;
        }

        await using var command = _dataSource.CreateCommand();
        await EnqueueAsync(command, alertId, kind, channels, template, at, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Runs the outbox insert on <paramref name="command"/> (a data source's, or a transaction's connection's).</summary>
    private static async Task EnqueueAsync(
        NpgsqlCommand command, string alertId, string kind, IReadOnlyList<string> channels, string? template, DateTimeOffset at, CancellationToken cancellationToken)
    {
        command.CommandText =
            """
            INSERT INTO automation_alert_deliveries (id, alert_id, channel, kind, template, next_attempt_at, created_at, updated_at)
            SELECT 'alert-' || @alert || ':' || @kind || ':' || c, @alert, c, @kind, @template, @at, @at, @at
            FROM unnest(@channels) AS c
            ON CONFLICT (id) DO NOTHING
            """;
        Text(command, "alert", alertId);
        Text(command, "kind", kind);
        Text(command, "template", template);
        Time(command, "at", at);
        command.Parameters.Add(new NpgsqlParameter("channels", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = channels.Distinct(StringComparer.Ordinal).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<PendingAlertDelivery>> ClaimDueDeliveriesAsync(
        DateTimeOffset now, DateTimeOffset leaseUntil, int maxAttempts, int limit, CancellationToken cancellationToken = default)
    {
        await using var batch = _dataSource.CreateBatch();
        var giveUp = new NpgsqlBatchCommand(
            """
            UPDATE automation_alert_deliveries
            SET status = 2, updated_at = @now, last_error = COALESCE(last_error || '; ', '') || 'the last attempt recorded no outcome (its silo was lost)'
            WHERE status = 0 AND next_attempt_at <= @now AND attempts >= @max
            """);
        Time(giveUp, "now", now);
        giveUp.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = maxAttempts });
        var claim = new NpgsqlBatchCommand(
            """
            UPDATE automation_alert_deliveries d SET attempts = d.attempts + 1, next_attempt_at = @lease, updated_at = @now
            WHERE d.id IN (
                SELECT id FROM automation_alert_deliveries
                WHERE status = 0 AND next_attempt_at <= @now AND attempts < @max
                ORDER BY next_attempt_at LIMIT @limit
                FOR UPDATE SKIP LOCKED)
            RETURNING d.id, d.alert_id, d.channel, d.kind, d.template, d.attempts
            """);
        Time(claim, "now", now);
        Time(claim, "lease", leaseUntil);
        claim.Parameters.Add(new NpgsqlParameter<int>("max", NpgsqlDbType.Integer) { TypedValue = maxAttempts });
        claim.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
        batch.BatchCommands.Add(giveUp);
        batch.BatchCommands.Add(claim);
        var claimed = new List<PendingAlertDelivery>();
        await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            claimed.Add(new PendingAlertDelivery(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.IsDBNull(4) ? null : reader.GetString(4), reader.GetInt32(5)));
        }

        return claimed;
    }

    /// <inheritdoc/>
    public async Task RecordAttemptAsync(
        PendingAlertDelivery delivery, string outcome, string? error, DateTimeOffset at, DateTimeOffset? nextAttemptAt, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        short status = outcome switch
        {
            AlertDelivery.Pending => 0,
            AlertDelivery.Delivered => 1,
            _ => 2,
        };
        await using var command = _dataSource.CreateCommand(
            """
            UPDATE automation_alert_deliveries
            SET status = @status, last_error = @error, updated_at = @at, next_attempt_at = COALESCE(@next, next_attempt_at)
            WHERE id = @id AND status = 0 AND attempts = @attempt
            """);
        Text(command, "id", delivery.Key);
        command.Parameters.Add(new NpgsqlParameter<short>("status", NpgsqlDbType.Smallint) { TypedValue = status });
        command.Parameters.Add(new NpgsqlParameter<int>("attempt", NpgsqlDbType.Integer) { TypedValue = delivery.Attempt });
        Text(command, "error", error);
        Time(command, "at", at);
        Time(command, "next", nextAttemptAt);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Text(NpgsqlBatchCommand command, string name, string? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    private static void Time(NpgsqlBatchCommand command, string name, DateTimeOffset? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.UtcDateTime : DBNull.Value });
}
