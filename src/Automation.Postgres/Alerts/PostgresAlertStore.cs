using System.Text.Json;
using Automation.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Alerts;

/// <summary>Alerts in the <c>automation_alerts</c> table (<c>sql/migrations/0011-alerts.sql</c>); every write is one conditional statement.</summary>
public sealed partial class PostgresAlertStore : IAlertStore
{
    private const string Columns =
        "seq, id, source_kind, source_name, rule, severity, status, title, description, metrics::text, recommended_action, dashboard_link, raised_at, " +
        "acknowledged_by, acknowledged_at, acknowledge_comment, resolved_by, resolved_at, resolve_comment, escalated_at, suppressed_by, " +
        // Deliveries: those recorded before the outbox (migration 0012), then the outbox rows, oldest first.
        "(automation_alerts.deliveries || COALESCE((SELECT jsonb_agg(jsonb_build_object('channel', d.channel, 'kind', d.kind, 'at', d.updated_at, " +
        "'outcome', CASE d.status WHEN 0 THEN 'pending' WHEN 1 THEN 'delivered' ELSE 'failed' END, 'attempts', d.attempts, 'error', d.last_error, " +
        "'idempotencyKey', d.id, 'nextAttemptAt', CASE WHEN d.status = 0 THEN d.next_attempt_at END) ORDER BY d.created_at, d.id) " +
        "FROM automation_alert_deliveries d WHERE d.alert_id = automation_alerts.id), '[]'::jsonb))::text";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresAlertStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task<AlertChange> OpenAsync(Alert alert, AlertMessages? messages = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        await using var scope = await MessagesScope.BeginAsync(_dataSource, messages, cancellationToken).ConfigureAwait(false);
        await using var command = scope.Command(
            $"""
            INSERT INTO automation_alerts (id, dedup_key, source_kind, source_name, rule, severity, status, title, description, metrics,
                recommended_action, dashboard_link, raised_at, resolved_by, resolved_at, resolve_comment, suppressed_by)
            VALUES (@id, @key, @kind, @name, @rule, @severity, @status, @title, @description, @metrics::jsonb,
                @action, @link, @raised_at, @resolved_by, @resolved_at, @resolve_comment, @suppressed_by)
            ON CONFLICT (dedup_key) WHERE status <> 2 DO NOTHING
            RETURNING {Columns}
            """);
        Text(command, "id", alert.Id);
        Text(command, "key", alert.Key);
        Text(command, "kind", alert.SourceKind);
        Text(command, "name", alert.SourceName);
        Text(command, "rule", alert.Rule);
        command.Parameters.Add(new NpgsqlParameter<short>("severity", NpgsqlDbType.Smallint) { TypedValue = (short)alert.Severity });
        command.Parameters.Add(new NpgsqlParameter<short>("status", NpgsqlDbType.Smallint) { TypedValue = (short)alert.Status });
        Text(command, "title", alert.Title);
        Text(command, "description", alert.Description);
        Text(command, "metrics", alert.Metrics?.GetRawText());
        Text(command, "action", alert.RecommendedAction);
        Text(command, "link", alert.DashboardLink);
        Time(command, "raised_at", alert.RaisedAt);
        Text(command, "resolved_by", alert.ResolvedBy);
        Time(command, "resolved_at", alert.ResolvedAt);
        Text(command, "resolve_comment", alert.ResolveComment);
        Text(command, "suppressed_by", alert.SuppressedBy);
        if (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false) is { } created)
        {
            await scope.CommitAsync(created, cancellationToken).ConfigureAwait(false);
            return new AlertChange(created, true);
        }

        // Another unresolved alert holds the key (the insert did nothing): answer it.
        await using var existing = _dataSource.CreateCommand($"SELECT {Columns} FROM automation_alerts WHERE dedup_key = @key AND status <> 2");
        Text(existing, "key", alert.Key);
        return new AlertChange(await ReadOneAsync(existing, cancellationToken).ConfigureAwait(false), false);
    }

    /// <inheritdoc/>
    public async Task<Alert?> GetAsync(string id, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM automation_alerts WHERE id = @id");
        Text(command, "id", id);
        return await ReadOneAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<Alert>> ListUnresolvedAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand($"SELECT {Columns} FROM automation_alerts WHERE status <> 2 ORDER BY seq");
        return await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AlertChange> AcknowledgeAsync(string id, string actor, DateTimeOffset at, string? comment, CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"""
            UPDATE automation_alerts SET status = 1, acknowledged_by = @actor, acknowledged_at = @at, acknowledge_comment = @comment
            WHERE id = @id AND status = 0
            RETURNING {Columns}
            """);
        Text(command, "id", id);
        Text(command, "actor", actor);
        Time(command, "at", at);
        Text(command, "comment", comment);
        return await ChangeAsync(command, id, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task<AlertChange> ResolveAsync(string id, string actor, DateTimeOffset at, string? comment, AlertMessages? messages = null, CancellationToken cancellationToken = default)
    {
        await using var scope = await MessagesScope.BeginAsync(_dataSource, messages, cancellationToken).ConfigureAwait(false);
        await using var command = scope.Command(
            $"""
            UPDATE automation_alerts SET status = 2, resolved_by = @actor, resolved_at = @at, resolve_comment = @comment
            WHERE id = @id AND status <> 2
            RETURNING {Columns}
            """);
        Text(command, "id", id);
        Text(command, "actor", actor);
        Time(command, "at", at);
        Text(command, "comment", comment);
        if (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false) is { } changed)
        {
            await scope.CommitAsync(changed, cancellationToken).ConfigureAwait(false);
            return new AlertChange(changed, true);
        }

        return new AlertChange(await GetAsync(id, cancellationToken).ConfigureAwait(false), false);
    }

    /// <inheritdoc/>
    public async Task<bool> MarkEscalatedAsync(string id, DateTimeOffset at, AlertMessages? messages = null, CancellationToken cancellationToken = default)
    {
        await using var scope = await MessagesScope.BeginAsync(_dataSource, messages, cancellationToken).ConfigureAwait(false);
        await using var command = scope.Command("UPDATE automation_alerts SET escalated_at = @at WHERE id = @id AND status = 0 AND escalated_at IS NULL RETURNING severity");
        Text(command, "id", id);
        Time(command, "at", at);
        if (await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) is not short severity)
        {
            return false;
        }

        await scope.CommitAsync(id, (AlertSeverity)severity, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private async Task<AlertChange> ChangeAsync(NpgsqlCommand command, string id, CancellationToken cancellationToken)
    {
        if (await ReadOneAsync(command, cancellationToken).ConfigureAwait(false) is { } changed)
        {
            return new AlertChange(changed, true);
        }

        return new AlertChange(await GetAsync(id, cancellationToken).ConfigureAwait(false), false);
    }

    private static void Text(NpgsqlCommand command, string name, string? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });

    private static void Time(NpgsqlCommand command, string name, DateTimeOffset? value) =>
        command.Parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.TimestampTz) { Value = value is { } v ? v.UtcDateTime : DBNull.Value });
}
