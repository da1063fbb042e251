using System.Globalization;
using System.Text;
using Automation.Persistence;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Logging;
using Npgsql;
using NpgsqlTypes;
using Orleans.Configuration;
using Orleans.Storage;

namespace Automation.Postgres;

/// <summary>
/// Writes a workflow's grain state, with its visibility row when its status changed in one call of
/// <c>automation_write_workflow_state</c> (ADR 0030), otherwise with the provider's own write function. The state row is
/// keyed, hashed and serialized exactly as the ADO.NET grain storage of <see cref="StorageNames.Workflows"/> does it
/// (its own serializer and hash picker), so that provider reads, clears and later writes the same row. Concurrent
/// writes of different workflows are group-committed (<see cref="StateWriteBatcher"/>, ADR 0031).
/// </summary>
public sealed class PostgresWorkflowStateWriter : IWorkflowStateWriter
{
    /// <summary>The provider's own write (its <c>WriteToStorageKey</c> query), for a write without the visibility row.</summary>
    private const string WriteStateSql =
        """
        SELECT NewGrainStateVersion FROM automation_orleans_write_storage(
            @id_hash, @n0, @n1, @type_hash, @type, @extension, @service_id, @version, @payload)
        """;

    private const string WriteWithRowSql =
        """
        SELECT NewGrainStateVersion, RowWritten FROM automation_write_workflow_state(
            @id_hash, @n0, @n1, @type_hash, @type, @extension, @service_id, @version, @payload,
            @workflow_id, @definition, @definition_version, @status, @created_at, @updated_at, @completed_at,
            @revision, @started_by, @tags, @parent_id)
        """;

    private readonly StateWriteBatcher _batcher;
    private readonly string _serviceId;
    private readonly AdoNetGrainStorageOptions _storage;

    /// <summary>Creates the writer.</summary>
    /// <param name="dataSource">The database the grain storage writes to.</param>
    /// <param name="serviceId">The cluster's service id (<see cref="ClusterOptions.ServiceId"/>).</param>
    /// <param name="storage">The options of the ADO.NET grain storage named <see cref="StorageNames.Workflows"/>: its serializer and hash picker.</param>
    /// <param name="batching">How writes are grouped into transactions (ADR 0031).</param>
    /// <param name="meterFactory">Creates the <c>Automation</c> meter the writes are measured in.</param>
    /// <param name="logger">Receives batches that failed as a whole.</param>
    public PostgresWorkflowStateWriter(
        NpgsqlDataSource dataSource,
        string serviceId,
        AdoNetGrainStorageOptions storage,
        StateWriteBatchingOptions batching,
        IMeterFactory meterFactory,
        ILogger<PostgresWorkflowStateWriter> logger)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentException.ThrowIfNullOrEmpty(serviceId);
        ArgumentNullException.ThrowIfNull(storage);
        ArgumentNullException.ThrowIfNull(batching);
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(logger);
        _batcher = new StateWriteBatcher(dataSource, batching.Concurrency, batching.MaxBatchSize, meterFactory.Create("Automation"), logger);
        _serviceId = serviceId;
        _storage = storage;
    }

    /// <inheritdoc/>
    public async Task<bool> WriteAsync<T>(string stateName, GrainId grainId, IGrainState<T> state, WorkflowIndexEntry? row)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(state);
        if (stateName.Contains('`', StringComparison.Ordinal))
        {
            throw new ArgumentException("A generic state name is not supported.", nameof(stateName)); // the provider would rewrite it
        }

        var key = StorageKey.Of(grainId);
        var picker = _storage.HashPicker ?? new StorageHasherPicker([new OrleansDefaultHasher()]);
        var hasher = picker.PickHasher(_serviceId, StorageNames.Workflows, stateName, grainId, state)
            ?? throw new InvalidOperationException($"The hash picker of grain storage '{StorageNames.Workflows}' has no hasher.");
        int? version = string.IsNullOrWhiteSpace(state.ETag) ? null : int.Parse(state.ETag, CultureInfo.InvariantCulture);
        // The serializer's bytes as they are: BinaryData.ToArray() would copy the whole state once more per write.
        var payload = _storage.GrainStorageSerializer.Serialize(state.State).ToMemory();

        var idHash = hasher.Hash(key.HashBytes());
        var typeHash = hasher.Hash(Encoding.UTF8.GetBytes(stateName));
        var outcome = await _batcher.WriteAsync(new PendingStateWrite(grainId.ToString(), () =>
        {
            var command = new NpgsqlBatchCommand(row is null ? WriteStateSql : WriteWithRowSql);
            var p = command.Parameters;
            p.Add(new NpgsqlParameter<int>("id_hash", NpgsqlDbType.Integer) { TypedValue = idHash });
            p.Add(new NpgsqlParameter<long>("n0", NpgsqlDbType.Bigint) { TypedValue = key.N0 });
            p.Add(new NpgsqlParameter<long>("n1", NpgsqlDbType.Bigint) { TypedValue = key.N1 });
            p.Add(new NpgsqlParameter<int>("type_hash", NpgsqlDbType.Integer) { TypedValue = typeHash });
            p.Add(new NpgsqlParameter<string>("type", NpgsqlDbType.Varchar) { TypedValue = stateName });
            p.Add(new NpgsqlParameter("extension", NpgsqlDbType.Varchar) { Value = (object?)key.Extension ?? DBNull.Value });
            p.Add(new NpgsqlParameter<string>("service_id", NpgsqlDbType.Varchar) { TypedValue = _serviceId });
            p.Add(new NpgsqlParameter("version", NpgsqlDbType.Integer) { Value = (object?)version ?? DBNull.Value });
            p.Add(new NpgsqlParameter<ReadOnlyMemory<byte>>("payload", NpgsqlDbType.Bytea) { TypedValue = payload });
            if (row is not null)
            {
                AddRow(p, row);
            }

            return command;
        })).ConfigureAwait(false);
        var written = outcome.Version;

        // The provider's rule: no new version (the caller's, or none for a first write) means another write won.
        if (written is null || written == version)
        {
            throw new InconsistentStateException(
                $"Version conflict (WriteState): ServiceId={_serviceId} ProviderName={StorageNames.Workflows} GrainType={stateName} GrainId={key} ETag={state.ETag}.");
        }

        state.ETag = written.Value.ToString(CultureInfo.InvariantCulture);
        state.RecordExists = true;
        return outcome.RowWritten;
    }

    private static void AddRow(NpgsqlParameterCollection p, WorkflowIndexEntry row)
    {
        p.Add(new NpgsqlParameter<string>("workflow_id", NpgsqlDbType.Text) { TypedValue = row.WorkflowId });
        p.Add(new NpgsqlParameter<string>("definition", NpgsqlDbType.Text) { TypedValue = row.Definition });
        p.Add(new NpgsqlParameter<int>("definition_version", NpgsqlDbType.Integer) { TypedValue = row.Version });
        p.Add(new NpgsqlParameter<string>("status", NpgsqlDbType.Text) { TypedValue = row.Status.ToString() });
        p.Add(new NpgsqlParameter<DateTime>("created_at", NpgsqlDbType.TimestampTz) { TypedValue = row.CreatedAt.UtcDateTime });
        p.Add(new NpgsqlParameter<DateTime>("updated_at", NpgsqlDbType.TimestampTz) { TypedValue = row.UpdatedAt.UtcDateTime });
        p.Add(new NpgsqlParameter("completed_at", NpgsqlDbType.TimestampTz) { Value = (object?)row.CompletedAt?.UtcDateTime ?? DBNull.Value });
        p.Add(new NpgsqlParameter<long>("revision", NpgsqlDbType.Bigint) { TypedValue = row.Revision });
        p.Add(new NpgsqlParameter("started_by", NpgsqlDbType.Text) { Value = (object?)row.StartedBy ?? DBNull.Value });
        p.Add(new NpgsqlParameter<string[]>("tags", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = [.. row.Tags ?? []] });
        p.Add(new NpgsqlParameter("parent_id", NpgsqlDbType.Text) { Value = (object?)row.ParentId ?? DBNull.Value });
    }
}
