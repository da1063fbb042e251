using System.Text.Json;
using Automation.Persistence;
using Automation.Services;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres;

/// <summary>Monitored services' history in <c>automation_service_probes</c>, <c>_minutes</c> and <c>_transitions</c> (migration 0010).</summary>
public sealed partial class PostgresServiceHealthStore : IServiceHealthStore
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresServiceHealthStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task AppendAsync(IReadOnlyList<ServiceProbeRecord> probes, IReadOnlyList<ServiceMinute> minutes, IReadOnlyList<ServiceTransition> transitions, CancellationToken cancellationToken = default)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var batch = new NpgsqlBatch(connection, transaction);
        await using (batch.ConfigureAwait(false))
        {
            if (probes.Count > 0)
            {
                var command = new NpgsqlBatchCommand(
                    """
                    INSERT INTO automation_service_probes (service, started_at, scheduled_at, latency_ms, passed, status_code, detail)
                    SELECT * FROM unnest(@services, @started, @scheduled, @latency, @passed, @status, @detail)
                    """);
                command.Parameters.Add(Array("services", NpgsqlDbType.Text, probes.Select(p => p.Service)));
                command.Parameters.Add(Array("started", NpgsqlDbType.TimestampTz, probes.Select(p => p.Result.StartedAt.UtcDateTime)));
                command.Parameters.Add(Array("scheduled", NpgsqlDbType.TimestampTz, probes.Select(p => p.Result.ScheduledAt.UtcDateTime)));
                command.Parameters.Add(Array("latency", NpgsqlDbType.Double, probes.Select(p => p.Result.LatencyMs)));
                command.Parameters.Add(Array("passed", NpgsqlDbType.Boolean, probes.Select(p => p.Result.Passed)));
                command.Parameters.Add(Array("status", NpgsqlDbType.Integer, probes.Select(p => p.Result.StatusCode)));
                command.Parameters.Add(Array("detail", NpgsqlDbType.Text, probes.Select(p => p.Result.Detail)));
                batch.BatchCommands.Add(command);
            }

            if (minutes.Count > 0)
            {
                var command = new NpgsqlBatchCommand(
                    """
                    INSERT INTO automation_service_minutes AS m (service, minute, count, failures, p50_ms, p95_ms, max_ms)
                    SELECT * FROM unnest(@services, @minutes, @counts, @failures, @p50, @p95, @max)
                    ON CONFLICT (service, minute) DO UPDATE SET
                        count = m.count + excluded.count,
                        failures = m.failures + excluded.failures,
                        p50_ms = (m.p50_ms * m.count + excluded.p50_ms * excluded.count) / (m.count + excluded.count),
                        p95_ms = (m.p95_ms * m.count + excluded.p95_ms * excluded.count) / (m.count + excluded.count),
                        max_ms = greatest(m.max_ms, excluded.max_ms)
                    """);
                command.Parameters.Add(Array("services", NpgsqlDbType.Text, minutes.Select(m => m.Service)));
                command.Parameters.Add(Array("minutes", NpgsqlDbType.TimestampTz, minutes.Select(m => m.Minute.UtcDateTime)));
                command.Parameters.Add(Array("counts", NpgsqlDbType.Integer, minutes.Select(m => m.Count)));
                command.Parameters.Add(Array("failures", NpgsqlDbType.Integer, minutes.Select(m => m.Failures)));
                command.Parameters.Add(Array("p50", NpgsqlDbType.Double, minutes.Select(m => m.P50Ms)));
                command.Parameters.Add(Array("p95", NpgsqlDbType.Double, minutes.Select(m => m.P95Ms)));
                command.Parameters.Add(Array("max", NpgsqlDbType.Double, minutes.Select(m => m.MaxMs)));
                batch.BatchCommands.Add(command);
            }

            if (transitions.Count > 0)
            {
                var command = new NpgsqlBatchCommand(
                    """
                    INSERT INTO automation_service_transitions (service, at, from_status, to_status, probe_status, reason, probe)
                    SELECT * FROM unnest(@services, @at, @from, @to, @probe_status, @reasons, @probes)
                    """);
                command.Parameters.Add(Array("services", NpgsqlDbType.Text, transitions.Select(t => t.Service)));
                command.Parameters.Add(Array("at", NpgsqlDbType.TimestampTz, transitions.Select(t => t.At.UtcDateTime)));
                command.Parameters.Add(Array("from", NpgsqlDbType.Text, transitions.Select(t => t.From.ToString())));
                command.Parameters.Add(Array("to", NpgsqlDbType.Text, transitions.Select(t => t.To.ToString())));
                command.Parameters.Add(Array("probe_status", NpgsqlDbType.Text, transitions.Select(t => t.ProbeStatus.ToString())));
                command.Parameters.Add(Array("reasons", NpgsqlDbType.Text, transitions.Select(t => t.Reason)));
                command.Parameters.Add(Array("probes", NpgsqlDbType.Jsonb, transitions.Select(t => t.Probe is null ? null : JsonSerializer.Serialize(t.Probe, Json))));
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async Task PruneAsync(IReadOnlyCollection<string> services, int keepProbes, DateTimeOffset probesBefore, DateTimeOffset minutesBefore, DateTimeOffset transitionsBefore, CancellationToken cancellationToken = default)
    {
        var batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            var old = new NpgsqlBatchCommand("DELETE FROM automation_service_probes WHERE started_at < @before");
            old.Parameters.Add(new NpgsqlParameter<DateTime>("before", NpgsqlDbType.TimestampTz) { TypedValue = probesBefore.UtcDateTime });
            batch.BatchCommands.Add(old);
            if (services.Count > 0)
            {
                // Per service: the newest keepProbes stay (one index range scan per service written since the last prune).
                var capped = new NpgsqlBatchCommand(
                    """
                    DELETE FROM automation_service_probes p
                    USING (
                        SELECT s.service, (SELECT x.started_at FROM automation_service_probes x
                                           WHERE x.service = s.service ORDER BY x.started_at DESC OFFSET @keep LIMIT 1) AS cutoff
                        FROM unnest(@services) AS s (service)) c
                    WHERE p.service = c.service AND c.cutoff IS NOT NULL AND p.started_at <= c.cutoff
                    """);
                capped.Parameters.Add(new NpgsqlParameter<int>("keep", NpgsqlDbType.Integer) { TypedValue = keepProbes }); // the newest row beyond the kept ones, and every older one, go
                capped.Parameters.Add(new NpgsqlParameter<string[]>("services", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. services] });
                batch.BatchCommands.Add(capped);
            }

            var minutes = new NpgsqlBatchCommand("DELETE FROM automation_service_minutes WHERE minute < @before");
            minutes.Parameters.Add(new NpgsqlParameter<DateTime>("before", NpgsqlDbType.TimestampTz) { TypedValue = minutesBefore.UtcDateTime });
            batch.BatchCommands.Add(minutes);
            var transitions = new NpgsqlBatchCommand("DELETE FROM automation_service_transitions WHERE at < @before");
            transitions.Parameters.Add(new NpgsqlParameter<DateTime>("before", NpgsqlDbType.TimestampTz) { TypedValue = transitionsBefore.UtcDateTime });
            batch.BatchCommands.Add(transitions);
            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async Task DeleteAsync(string service, CancellationToken cancellationToken = default)
    {
        var batch = _dataSource.CreateBatch();
        await using (batch.ConfigureAwait(false))
        {
            foreach (var table in new[] { "automation_service_probes", "automation_service_minutes", "automation_service_transitions" })
            {
                var command = new NpgsqlBatchCommand($"DELETE FROM {table} WHERE service = @service");
                command.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = service });
                batch.BatchCommands.Add(command);
            }

            await batch.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static NpgsqlParameter Array<T>(string name, NpgsqlDbType type, IEnumerable<T> values) =>
        new NpgsqlParameter<T[]>(name, NpgsqlDbType.Array | type) { TypedValue = [.. values] };
}
