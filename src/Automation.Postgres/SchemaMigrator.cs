using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Automation.Postgres;

/// <summary>
/// Applies the schema embedded from the repository's <c>sql/</c> folder: Main, Clustering, Persistence,
/// Reminders and Automation, then <c>sql/migrations/*.sql</c> in ordinal order.
/// </summary>
/// <remarks>
/// The whole run is one transaction holding a transaction-scoped advisory lock, so silos that start
/// together apply the schema once and the others wait, then find it recorded. Each script is recorded in
/// <c>automation_schema_version</c> with its SHA-256; a script whose checksum is unchanged is skipped, and
/// one whose checksum changed is applied again (every script is idempotent) and its row updated.
/// </remarks>
public sealed partial class SchemaMigrator
{
    // Any constant shared by every process that migrates; "AUTOMSCH" in ASCII.
    private const long AdvisoryLockKey = 0x4155_544F_4D53_4348;

    private readonly ILogger _logger;

    /// <summary>Creates a migrator.</summary>
    /// <param name="logger">Where progress is logged; nothing is logged when <see langword="null"/>.</param>
    public SchemaMigrator(ILogger? logger = null)
    {
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Brings the database named by <paramref name="connectionString"/> up to the embedded schema.</summary>
    /// <param name="connectionString">An Npgsql connection string; the user needs DDL rights.</param>
    /// <param name="cancellationToken">Cancels the migration; nothing is committed then.</param>
    /// <returns>A task that completes once the schema is committed.</returns>
    /// <exception cref="PostgresException">A script failed; the transaction is rolled back.</exception>
    public async Task MigrateAsync(string connectionString, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var scripts = SchemaScripts.Load();

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        await ExecuteAsync(connection, transaction, $"SELECT pg_advisory_xact_lock({AdvisoryLockKey})", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(
            connection,
            transaction,
            """
            CREATE TABLE IF NOT EXISTS automation_schema_version
            (
                script     text        NOT NULL PRIMARY KEY,
                checksum   text        NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            cancellationToken).ConfigureAwait(false);

        var applied = await ReadAppliedAsync(connection, transaction, cancellationToken).ConfigureAwait(false);
        var count = 0;
        foreach (var script in scripts)
        {
            if (applied.TryGetValue(script.Name, out var checksum) && checksum == script.Checksum)
            {
                LogSkipped(script.Name);
                continue;
            }

            LogApplying(script.Name, checksum is null ? "new" : "changed");
            await ExecuteAsync(connection, transaction, script.Text, cancellationToken).ConfigureAwait(false);
            await RecordAsync(connection, transaction, script, cancellationToken).ConfigureAwait(false);
            count++;
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        LogMigrated(count, scripts.Count);
    }

    private static async Task<Dictionary<string, string>> ReadAppliedAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken)
    {
        var applied = new Dictionary<string, string>(StringComparer.Ordinal);
        await using var command = new NpgsqlCommand("SELECT script, checksum FROM automation_schema_version", connection, transaction);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            applied[reader.GetString(0)] = reader.GetString(1);
        }

        return applied;
    }

    private static async Task RecordAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, SchemaScript script, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(
            """
            INSERT INTO automation_schema_version (script, checksum, applied_at)
            VALUES (@script, @checksum, now())
            ON CONFLICT (script) DO UPDATE SET checksum = excluded.checksum, applied_at = excluded.applied_at
            """,
            connection,
            transaction);
        command.Parameters.AddWithValue("script", script.Name);
        command.Parameters.AddWithValue("checksum", script.Checksum);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        // Schema changes can wait on locks held by running silos; the advisory lock already serializes us.
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Schema script {Script} is up to date")]
    private partial void LogSkipped(string script);

    [LoggerMessage(Level = LogLevel.Information, Message = "Applying schema script {Script} ({Reason})")]
    private partial void LogApplying(string script, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Schema migrated: {Applied} of {Total} scripts applied")]
    private partial void LogMigrated(int applied, int total);
}
