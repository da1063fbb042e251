using System.Text.Json;
using Automation.Services;
using NpgsqlTypes;
using Npgsql;

namespace Automation.Postgres;

public sealed partial class PostgresServiceHealthStore
{
    /// <inheritdoc/>
    public async Task<(IReadOnlyList<ProbeResult> Probes, IReadOnlyList<ServiceMinute> Minutes, IReadOnlyList<ServiceTransition> Transitions)> ReadAsync(
        string service, int probes, DateTimeOffset minutesSince, DateTimeOffset transitionsSince, CancellationToken cancellationToken = default)
    {
        var batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            var p = new NpgsqlBatchCommand(
                """
                SELECT scheduled_at, started_at, latency_ms, passed, detail, status_code FROM automation_service_probes
                WHERE service = @service ORDER BY started_at DESC LIMIT @limit
                """);
            p.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = service });
            p.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = probes });
            var m = new NpgsqlBatchCommand(
                """
                SELECT minute, count, failures, p50_ms, p95_ms, max_ms FROM automation_service_minutes
                WHERE service = @service AND minute >= @since ORDER BY minute
                """);
            m.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = service });
            m.Parameters.Add(new NpgsqlParameter<DateTime>("since", NpgsqlDbType.TimestampTz) { TypedValue = minutesSince.UtcDateTime });
            // The transitions since, plus the one before that gives the status at the start of the window.
            var t = new NpgsqlBatchCommand(
                """
                (SELECT at, from_status, to_status, probe_status, reason, probe::text FROM automation_service_transitions
                 WHERE service = @service AND at >= @since)
                UNION ALL
                (SELECT at, from_status, to_status, probe_status, reason, probe::text FROM automation_service_transitions
                 WHERE service = @service AND at < @since ORDER BY at DESC LIMIT 1)
                ORDER BY at DESC
                """);
            t.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = service });
            t.Parameters.Add(new NpgsqlParameter<DateTime>("since", NpgsqlDbType.TimestampTz) { TypedValue = transitionsSince.UtcDateTime });
            batch.BatchCommands.Add(p);
            batch.BatchCommands.Add(m);
            batch.BatchCommands.Add(t);

            var probeRows = new List<ProbeResult>();
            var minuteRows = new List<ServiceMinute>();
            var transitionRows = new List<ServiceTransition>();
            await using var reader = await batch.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                probeRows.Add(new ProbeResult(Utc(reader.GetDateTime(0)), Utc(reader.GetDateTime(1)), reader.GetDouble(2), reader.GetBoolean(3), reader.IsDBNull(4) ? null : reader.GetString(4))
                {
                    StatusCode = reader.IsDBNull(5) ? null : reader.GetInt32(5),
                });
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                minuteRows.Add(new ServiceMinute(service, Utc(reader.GetDateTime(0)), reader.GetInt32(1), reader.GetInt32(2), reader.GetDouble(3), reader.GetDouble(4), reader.GetDouble(5)));
            }

            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var probe = reader.IsDBNull(5) ? null : JsonSerializer.Deserialize<ProbeResult>(reader.GetString(5), Json);
                transitionRows.Add(new ServiceTransition(service, Enum.Parse<ServiceStatus>(reader.GetString(1)), Enum.Parse<ServiceStatus>(reader.GetString(2)),
                    reader.GetString(4), Utc(reader.GetDateTime(0)), probe) { ProbeStatus = Enum.Parse<ServiceStatus>(reader.GetString(3)) });
            }

            return (probeRows, minuteRows, transitionRows);
        }
    }

    private static DateTimeOffset Utc(DateTime value) => new(DateTime.SpecifyKind(value, DateTimeKind.Utc));
}
