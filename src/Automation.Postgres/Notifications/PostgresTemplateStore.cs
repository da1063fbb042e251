using Automation.Notifications;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Notifications;

/// <summary>Notification templates in <c>automation_notification_templates</c> (<c>sql/migrations/0005-notifications.sql</c>).</summary>
/// <remarks>A new version is an insert numbered from the latest, under a per-name advisory lock so that concurrent puts never collide.</remarks>
public sealed class PostgresTemplateStore : INotificationTemplateStore
{
    private const string Columns = "name, version, subject, body, html, created_at";

    private readonly NpgsqlDataSource _dataSource;

    /// <summary>Creates the store.</summary>
    /// <param name="dataSource">The database.</param>
    public PostgresTemplateStore(NpgsqlDataSource dataSource)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        _dataSource = dataSource;
    }

    /// <inheritdoc/>
    public async Task<NotificationTemplate> AddAsync(string name, string? subject, string body, string? html, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(body);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);

        // Puts of one name take turns (a transaction-scoped advisory lock on the name), so each numbers itself from the
        // latest committed version; puts of other names do not wait.
        await using (var lockCommand = new NpgsqlCommand("SELECT pg_advisory_xact_lock(hashtextextended(@name, 5))", connection, transaction))
        {
            lockCommand.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
            await lockCommand.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        NotificationTemplate stored;
        await using (var command = new NpgsqlCommand(
            $"""
            INSERT INTO automation_notification_templates (name, version, subject, body, html, created_at)
            SELECT @name, COALESCE(MAX(version), 0) + 1, @subject, @body, @html, now()
            FROM automation_notification_templates WHERE name = @name
            RETURNING {Columns}
            """, connection, transaction))
        {
            command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
            command.Parameters.Add(new NpgsqlParameter("subject", NpgsqlDbType.Text) { Value = (object?)subject ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<string>("body", NpgsqlDbType.Text) { TypedValue = body });
            command.Parameters.Add(new NpgsqlParameter("html", NpgsqlDbType.Text) { Value = (object?)html ?? DBNull.Value });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            stored = Read(reader);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return stored;
    }

    /// <inheritdoc/>
    public async Task<NotificationTemplate?> GetAsync(string name, int? version = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        await using var command = _dataSource.CreateCommand(version is null
            ? $"SELECT {Columns} FROM automation_notification_templates WHERE name = @name ORDER BY version DESC LIMIT 1"
            : $"SELECT {Columns} FROM automation_notification_templates WHERE name = @name AND version = @version");
        command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
        if (version is { } v)
        {
            command.Parameters.Add(new NpgsqlParameter<int>("version", NpgsqlDbType.Integer) { TypedValue = v });
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? Read(reader) : null;
    }

    /// <inheritdoc/>
    public async Task<IReadOnlyList<NotificationTemplate>> ListAsync(CancellationToken cancellationToken = default)
    {
        await using var command = _dataSource.CreateCommand(
            $"SELECT DISTINCT ON (name) {Columns} FROM automation_notification_templates ORDER BY name, version DESC");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var templates = new List<NotificationTemplate>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            templates.Add(Read(reader));
        }

        return templates;
    }

    private static NotificationTemplate Read(NpgsqlDataReader reader) => new(
        reader.GetString(0),
        reader.GetInt32(1),
        reader.IsDBNull(2) ? null : reader.GetString(2),
        reader.GetString(3),
        reader.IsDBNull(4) ? null : reader.GetString(4),
        reader.GetFieldValue<DateTimeOffset>(5));
}
