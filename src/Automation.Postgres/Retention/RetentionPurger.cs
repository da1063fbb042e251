using System.Diagnostics.Metrics;
using Automation.Definitions;
using Automation.Hosting;
using Automation.Workflows;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;

namespace Automation.Postgres.Retention;

/// <summary>
/// Purges finished workflows older than their retention: the workflow grain's state row (<c>OrleansStorage</c>), its
/// reminder (<c>OrleansRemindersTable</c>), its history (<c>automation_history</c>), its archived steps
/// (<c>automation_workflow_steps</c>) and, last, its visibility row
/// (<c>automation_workflows</c>), all of one batch in one short transaction. Task grains keep no state, so they have no
/// rows. Then resolved alerts older than <see cref="RetentionOptions.ResolvedAlerts"/> (<c>automation_alerts</c>, their
/// outbox deliveries going with them). A batch that is interrupted rolls back and is simply found again by the next
/// run; one silo at a time runs it (a session-level advisory lock).
/// </summary>
public sealed partial class RetentionPurger : IDisposable
{
    // pg_try_advisory_lock(LockClass, LockId): "AUTR" in ASCII, then "purge".
    private const int LockClass = 0x4155_5452;
    private const int LockId = 1;

    // The state name of WorkflowGrain's [PersistentState("workflow", ...)], which the ADO.NET provider stores as GrainTypeString.
    private const string WorkflowStateName = "workflow";

    private static readonly string[] FinishedStatuses =
        [nameof(WorkflowStatus.Completed), nameof(WorkflowStatus.Failed), nameof(WorkflowStatus.Cancelled), nameof(WorkflowStatus.TimedOut), nameof(WorkflowStatus.Terminated)];

    private readonly NpgsqlDataSource _dataSource;
    private readonly IGrainFactory _grains;
    private readonly IOptions<RetentionOptions> _options;
    private readonly string _serviceId;
    private readonly string _stateServiceId;
    private readonly TimeProvider _time;
    private readonly ILogger<RetentionPurger> _logger;
    private readonly Meter _meter;
    private readonly Counter<long> _purged;
    private readonly Counter<long> _purgedAlerts;

    /// <summary>Creates the purger.</summary>
    /// <param name="dataSource">The database.</param>
    /// <param name="grains">Reads each definition version's <c>retention</c>.</param>
    /// <param name="options">Retention settings.</param>
    /// <param name="cluster">The service id that keys reminder rows (and grain state rows, unless the workflows storage overrides it).</param>
    /// <param name="meterFactory">Creates the <c>automation.retention.purged_workflows</c> counter.</param>
    /// <param name="time">The clock.</param>
    /// <param name="logger">The log.</param>
    /// <param name="services">The workflows storage's own service id (a per-provider <see cref="ClusterOptions"/> override), as the provider and the state writer key rows with it.</param>
    public RetentionPurger(
        NpgsqlDataSource dataSource,
        IGrainFactory grains,
        IOptions<RetentionOptions> options,
        IOptions<ClusterOptions> cluster,
        IMeterFactory meterFactory,
        TimeProvider time,
        ILogger<RetentionPurger> logger,
        IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _dataSource = dataSource;
        _grains = grains;
        _options = options;
        _serviceId = cluster.Value.ServiceId;
        _stateServiceId = Orleans.Configuration.Overrides.OptionsOverrides.GetProviderClusterOptions(services, StorageNames.Workflows).Value.ServiceId;
        _time = time;
        _logger = logger;
        _meter = meterFactory.Create("Automation");
        _purged = _meter.CreateCounter<long>("automation.retention.purged_workflows", description: "Finished workflows purged by the retention job (state, reminder, history and visibility row).");
        _purgedAlerts = _meter.CreateCounter<long>("automation.retention.purged_alerts", description: "Resolved alerts purged by the retention job (with their deliveries).");
    }

    /// <summary>Purges every workflow that finished longer ago than its retention, as of now.</summary>
    /// <param name="cancellationToken">Stops between batches (a batch in flight rolls back).</param>
    /// <returns>How many workflows were purged, or <see langword="null"/> when another silo holds the job's lock.</returns>
    public Task<int?> PurgeAsync(CancellationToken cancellationToken = default) => PurgeAsync(_time.GetUtcNow(), cancellationToken);

    /// <summary>Purges every workflow that finished longer ago than its retention, as of <paramref name="now"/>.</summary>
    /// <param name="now">The time to measure ages from.</param>
    /// <param name="cancellationToken">Stops between batches (a batch in flight rolls back).</param>
    /// <returns>How many workflows were purged, or <see langword="null"/> when another silo holds the job's lock.</returns>
    public async Task<int?> PurgeAsync(DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        var options = _options.Value;
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        if (!await ExecuteScalarAsync<bool>(connection, "SELECT pg_try_advisory_lock(@c, @i)", cancellationToken))
        {
            LogSkipped();
            return null;
        }

        try
        {
            var total = 0;
            var retentions = new Dictionary<(string, int), TimeSpan>();
            foreach (var (name, version) in await CandidatesAsync(connection, now - options.Minimum, cancellationToken))
            {
                // A retention that cannot be read now (a timeout, a database hiccup) skips the version this run:
                // falling back to the default could purge a long-retention version early.
                if (await RetentionOfAsync(name, version, options.Default) is not { } retention)
                {
                    continue;
                }

                var cutoff = now - retention;
                int picked, purged;
                do
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    (picked, purged) = await PurgeBatchAsync(connection, name, version, cutoff, options.BatchSize, cancellationToken);
                    total += purged;
                    _purged.Add(purged, new KeyValuePair<string, object?>("definition", name));
                }
                while (picked == options.BatchSize && purged > 0);
            }

            if (total > 0)
            {
                LogPurged(total);
            }

            var alerts = await PurgeResolvedAlertsAsync(connection, now - options.ResolvedAlerts, options.BatchSize, cancellationToken);
            if (alerts > 0)
            {
                _purgedAlerts.Add(alerts);
                LogPurgedAlerts(alerts);
            }

            return total;
        }
        finally
        {
            await ExecuteScalarAsync<bool>(connection, "SELECT pg_advisory_unlock(@c, @i)", CancellationToken.None);
        }
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    /// <summary>The definition versions with workflows that finished before the shortest possible cutoff.</summary>
    private static async Task<List<(string Name, int Version)>> CandidatesAsync(NpgsqlConnection connection, DateTimeOffset before, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            SELECT DISTINCT definition_name, definition_version FROM automation_workflows w
            WHERE completed_at < @before AND status = ANY(@finished)
            """ + NotAChildOfAnActiveParent, connection);
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("before", NpgsqlDbType.TimestampTz) { TypedValue = before });
        command.Parameters.Add(new NpgsqlParameter<string[]>("finished", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = FinishedStatuses });
        var result = new List<(string, int)>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            result.Add((reader.GetString(0), reader.GetInt32(1)));
        }

        return result;
    }

    /// <summary>The version's root <c>retention</c>, else the default (also for a version that no longer exists); null when it could not be read now.</summary>
    private async Task<TimeSpan?> RetentionOfAsync(string name, int version, TimeSpan fallback)
    {
        try
        {
            var definition = await _grains.GetGrain<IDefinitionGrain>(name).GetAsync(version);
            return definition?.Retention ?? fallback;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LogRetentionUnknown(ex, name, version);
            return null;
        }
    }

    /// <summary>
    /// A child whose parent is still running or paused stays: the parent reads its children's results once they have
    /// all finished, which may be long after the first of them did.
    /// </summary>
    private const string NotAChildOfAnActiveParent =
        """

          AND (w.parent_id IS NULL OR NOT EXISTS (
                SELECT 1 FROM automation_workflows p WHERE p.workflow_id = w.parent_id AND p.status IN ('Running', 'Paused')))
        """;

    /// <summary>
    /// One batch in one transaction: pick (and lock) up to <paramref name="limit"/> expired rows, lock their state rows,
    /// leave out any whose state changed since the cutoff (a retry put it back to running before its visibility row
    /// caught up), and delete everything of the rest.
    /// </summary>
    /// <returns>How many rows were picked, and how many workflows were purged.</returns>
    private async Task<(int Picked, int Purged)> PurgeBatchAsync(NpgsqlConnection connection, string name, int version, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var ids = new List<string>();
        await using (var pick = new NpgsqlCommand(
            """
            SELECT workflow_id FROM automation_workflows w
            WHERE definition_name = @name AND definition_version = @version AND completed_at < @cutoff AND status = ANY(@finished)
            """ + NotAChildOfAnActiveParent + """
            ORDER BY completed_at, workflow_id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """, connection, transaction))
        {
            pick.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
            pick.Parameters.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = version });
            pick.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", NpgsqlDbType.TimestampTz) { TypedValue = cutoff });
            pick.Parameters.Add(new NpgsqlParameter<string[]>("finished", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = FinishedStatuses });
            pick.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            await using var reader = await pick.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                ids.Add(reader.GetString(0));
            }
        }

        var picked = ids.Count;
        var grainIdOf = ids.ToDictionary(id => id, id => _grains.GetGrain<IWorkflowGrain>(id).GetGrainId(), StringComparer.Ordinal);
        if (picked > 0)
        {
            // Lock the state rows (a concurrent state write waits for this transaction) and keep any written after the cutoff.
            // Each row is found by the key the grain storage gives it (StorageKey): most ids are string keys (the
            // extension string, indexed); an id of hex digits only is a GUID or integer key (ix_orleansstorage_numeric_key).
            await using var fresh = new NpgsqlCommand(
                """
                SELECT GrainIdExtensionString, ModifiedOn FROM OrleansStorage
                WHERE ServiceId = @service AND GrainTypeString = @state AND GrainIdExtensionString = ANY(@strs)
                  AND GrainIdN0 = 0 AND GrainIdN1 = 0
                FOR UPDATE;
                SELECT k.id, s.ModifiedOn FROM unnest(@ids, @n0s, @n1s, @exts) AS k (id, n0, n1, ext)
                JOIN OrleansStorage s ON s.GrainIdN0 = k.n0 AND s.GrainIdN1 = k.n1
                WHERE (s.GrainIdN0 <> 0 OR s.GrainIdN1 <> 0)
                  AND s.ServiceId = @service AND s.GrainTypeString = @state AND s.GrainIdExtensionString IS NOT DISTINCT FROM k.ext
                FOR UPDATE OF s
                """, connection, transaction);
            fresh.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = _stateServiceId });
            fresh.Parameters.Add(new NpgsqlParameter<string>("state", NpgsqlDbType.Text) { TypedValue = WorkflowStateName });
            AddKeys(fresh.Parameters, ids, grainIdOf);
            var cutoffUtc = cutoff.UtcDateTime;
            var keep = new HashSet<string>(StringComparer.Ordinal);
            await using (var reader = await fresh.ExecuteReaderAsync(cancellationToken))
            {
                do
                {
                    while (await reader.ReadAsync(cancellationToken))
                    {
                        if (DateTime.SpecifyKind(reader.GetDateTime(1), DateTimeKind.Utc) >= cutoffUtc)
                        {
                            keep.Add(reader.GetString(0));
                        }
                    }
                }
                while (await reader.NextResultAsync(cancellationToken));
            }

            ids.RemoveAll(keep.Contains);
        }

        if (ids.Count == 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return (picked, 0);
        }

        var grainIds = ids.Select(id => grainIdOf[id].ToString()).ToArray();
        await using var batch = new NpgsqlBatch(connection, transaction);
        Add(batch, "DELETE FROM automation_history WHERE workflow_id = ANY(@ids)", ("ids", ids.ToArray()));
        Add(batch, "DELETE FROM automation_workflow_steps WHERE workflow_id = ANY(@ids)", ("ids", ids.ToArray()));
        var deleteStates = new NpgsqlBatchCommand(
            """
            DELETE FROM OrleansStorage
            WHERE ServiceId = @service AND GrainTypeString = @state AND GrainIdExtensionString = ANY(@strs)
              AND GrainIdN0 = 0 AND GrainIdN1 = 0
            """);
        deleteStates.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = _stateServiceId });
        deleteStates.Parameters.Add(new NpgsqlParameter<string>("state", NpgsqlDbType.Text) { TypedValue = WorkflowStateName });
        AddKeys(deleteStates.Parameters, ids, grainIdOf);
        batch.BatchCommands.Add(deleteStates);
        var deleteNumericStates = new NpgsqlBatchCommand(
            """
            DELETE FROM OrleansStorage s USING unnest(@ids, @n0s, @n1s, @exts) AS k (id, n0, n1, ext)
            WHERE s.GrainIdN0 = k.n0 AND s.GrainIdN1 = k.n1 AND (s.GrainIdN0 <> 0 OR s.GrainIdN1 <> 0)
              AND s.ServiceId = @service AND s.GrainTypeString = @state AND s.GrainIdExtensionString IS NOT DISTINCT FROM k.ext
            """);
        deleteNumericStates.Parameters.Add(new NpgsqlParameter<string>("service", NpgsqlDbType.Text) { TypedValue = _stateServiceId });
        deleteNumericStates.Parameters.Add(new NpgsqlParameter<string>("state", NpgsqlDbType.Text) { TypedValue = WorkflowStateName });
        AddKeys(deleteNumericStates.Parameters, ids, grainIdOf);
        batch.BatchCommands.Add(deleteNumericStates);
        // Rows an older release keyed by the grain id's string.
        Add(batch,
            "DELETE FROM OrleansStorage WHERE ServiceId = @service AND GrainTypeString = @state AND GrainIdExtensionString = ANY(@keys)",
            ("service", _stateServiceId), ("state", WorkflowStateName), ("keys", grainIds));
        Add(batch, "DELETE FROM OrleansRemindersTable WHERE ServiceId = @service AND GrainId = ANY(@grain_ids)", ("service", _serviceId), ("grain_ids", grainIds));
        Add(batch, "DELETE FROM automation_workflows WHERE workflow_id = ANY(@ids)", ("ids", ids.ToArray()));
        await batch.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return (picked, ids.Count);
    }

    /// <summary>Deletes resolved alerts resolved before <paramref name="cutoff"/>, a batch per statement; deliveries go by cascade.</summary>
    private static async Task<int> PurgeResolvedAlertsAsync(NpgsqlConnection connection, DateTimeOffset cutoff, int limit, CancellationToken cancellationToken)
    {
        var total = 0;
        int deleted;
        do
        {
            cancellationToken.ThrowIfCancellationRequested();
            await using var command = new NpgsqlCommand(
                """
                DELETE FROM automation_alerts WHERE id IN (
                    SELECT id FROM automation_alerts WHERE status = 2 AND resolved_at < @cutoff
                    ORDER BY resolved_at LIMIT @limit FOR UPDATE SKIP LOCKED)
                """, connection);
            command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("cutoff", NpgsqlDbType.TimestampTz) { TypedValue = cutoff });
            command.Parameters.Add(new NpgsqlParameter<int>("limit", NpgsqlDbType.Integer) { TypedValue = limit });
            deleted = await command.ExecuteNonQueryAsync(cancellationToken);
            total += deleted;
        }
        while (deleted == limit);

        return total;
    }

    /// <summary>
    /// The workflows' grain-storage keys (<see cref="StorageKey"/>): @strs, the ids stored as string keys; and, for the
    /// others (GUID or integer keys: ids of hex digits only), four parallel arrays @ids, @n0s, @n1s, @exts.
    /// </summary>
    private static void AddKeys(NpgsqlParameterCollection parameters, List<string> ids, Dictionary<string, GrainId> grainIdOf)
    {
        var keys = ids.Select(id => (Id: id, Key: StorageKey.Of(grainIdOf[id]))).ToArray();
        var numeric = keys.Where(k => k.Key.Kind != StorageKeyKind.String).ToArray();
        parameters.Add(new NpgsqlParameter<string[]>("strs", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. keys.Where(k => k.Key.Kind == StorageKeyKind.String).Select(k => k.Key.Extension!)] });
        parameters.Add(new NpgsqlParameter<string[]>("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. numeric.Select(k => k.Id)] });
        parameters.Add(new NpgsqlParameter<long[]>("n0s", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. numeric.Select(k => k.Key.N0)] });
        parameters.Add(new NpgsqlParameter<long[]>("n1s", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = [.. numeric.Select(k => k.Key.N1)] });
        parameters.Add(new NpgsqlParameter<string?[]>("exts", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. numeric.Select(k => k.Key.Extension)] });
    }

    private static void Add(NpgsqlBatch batch, string sql, params (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlBatchCommand(sql);
        foreach (var (parameterName, value) in parameters)
        {
            command.Parameters.Add(value is string[] array
                ? new NpgsqlParameter<string[]>(parameterName, NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = array }
                : new NpgsqlParameter<string>(parameterName, NpgsqlDbType.Text) { TypedValue = (string)value });
        }

        batch.BatchCommands.Add(command);
    }

    private static async Task<T> ExecuteScalarAsync<T>(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.Add(new NpgsqlParameter<int>("c", NpgsqlDbType.Integer) { TypedValue = LockClass });
        command.Parameters.Add(new NpgsqlParameter<int>("i", NpgsqlDbType.Integer) { TypedValue = LockId });
        return (T)(await command.ExecuteScalarAsync(cancellationToken))!;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purged {Count} finished workflows")]
    private partial void LogPurged(int count);

    [LoggerMessage(Level = LogLevel.Information, Message = "Retention purged {Count} resolved alerts")]
    private partial void LogPurgedAlerts(int count);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Retention skipped: another silo holds the purge lock")]
    private partial void LogSkipped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the retention of definition {Name} v{Version}; using the default")]
    private partial void LogRetentionUnknown(Exception exception, string name, int version);
}
