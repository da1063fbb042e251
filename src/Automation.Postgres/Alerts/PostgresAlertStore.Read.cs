using System.Text;
using System.Text.Json;
using Automation.Alerts;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Alerts;

public sealed partial class PostgresAlertStore
{
    /// <inheritdoc/>
    public async Task<AlertPage> ListAsync(AlertQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var sql = new StringBuilder($"SELECT {Columns} FROM automation_alerts WHERE TRUE");
        await using var command = _dataSource.CreateCommand();
        if (query.Status is { } status)
        {
            sql.Append(" AND status = @status");
            command.Parameters.Add(new NpgsqlParameter<short>("status", NpgsqlDbType.Smallint) { TypedValue = (short)status });
        }

        if (query.Severity is { } severity)
        {
            sql.Append(" AND severity = @severity");
            command.Parameters.Add(new NpgsqlParameter<short>("severity", NpgsqlDbType.Smallint) { TypedValue = (short)severity });
        }

        if (query.SourceKind is { } kind)
        {
            sql.Append(" AND source_kind = @kind");
            Text(command, "kind", kind);
        }

        if (query.SourceName is { } name)
        {
            sql.Append(" AND source_name = @name");
            Text(command, "name", name);
        }

        if (query.Since is { } since)
        {
            sql.Append(" AND raised_at >= @since");
            Time(command, "since", since);
        }

        if (query.Before is { } before)
        {
            sql.Append(" AND seq < @before");
            command.Parameters.Add(new NpgsqlParameter<long>("before", NpgsqlDbType.Bigint) { TypedValue = before });
        }

        sql.Append(" ORDER BY seq DESC LIMIT @limit");
        command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = query.Limit + 1 });
        command.CommandText = sql.ToString();
        var rows = await ReadAllAsync(command, cancellationToken).ConfigureAwait(false);
        return rows.Count > query.Limit
            ? new AlertPage([.. rows.Take(query.Limit)], rows[query.Limit - 1].Sequence)
            : new AlertPage(rows, null);
    }

    private static async Task<Alert?> ReadOneAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    private static async Task<List<Alert>> ReadAllAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        var alerts = new List<Alert>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            alerts.Add(Read(reader));
        }

        return alerts;
    }

    private static Alert Read(NpgsqlDataReader r) =>
        new(r.GetString(1), r.GetString(2), r.GetString(3), r.GetString(4), (AlertSeverity)r.GetInt16(5), (AlertStatus)r.GetInt16(6),
            r.GetString(7), r.GetString(8), At(r, 12)!.Value)
        {
            Sequence = r.GetInt64(0),
            Metrics = r.IsDBNull(9) ? null : JsonDocument.Parse(r.GetString(9)).RootElement.Clone(),
            RecommendedAction = Str(r, 10),
            DashboardLink = Str(r, 11),
            AcknowledgedBy = Str(r, 13),
            AcknowledgedAt = At(r, 14),
            AcknowledgeComment = Str(r, 15),
            ResolvedBy = Str(r, 16),
            ResolvedAt = At(r, 17),
            ResolveComment = Str(r, 18),
            EscalatedAt = At(r, 19),
            SuppressedBy = Str(r, 20),
            Deliveries = JsonSerializer.Deserialize<List<AlertDelivery>>(r.GetString(21), Json) ?? [],
        };

    private static string? Str(NpgsqlDataReader r, int i) => r.IsDBNull(i) ? null : r.GetString(i);

    private static DateTimeOffset? At(NpgsqlDataReader r, int i) =>
        r.IsDBNull(i) ? null : new DateTimeOffset(DateTime.SpecifyKind(r.GetDateTime(i), DateTimeKind.Utc));
}
