using Automation.Notifications;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Notifications;

/// <summary>Notification templates in <c>automation_notification_templates</c> (<c>sql/migrations/0005-notifications.sql</c>).</summary>
/// <remarks>
/// A new version is one insert that numbers itself from the latest; two concurrent puts of one name can pick the same
/// number, and the loser of the primary-key race tries again with the next one.
/// </remarks>
public sealed class PostgresTemplateStore : INotificationTemplateStore
{
    private const string Columns = "name, version, subject, body, html, created_at";
    private const int MaxTries = 5;

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
        for (var attempt = 1; ; attempt++)
        {
            await using var command = _dataSource.CreateCommand(
                $"""
                INSERT INTO automation_notification_templates (name, version, subject, body, html, created_at)
                SELECT @name, COALESCE(MAX(version), 0) + 1, @subject, @body, @html, now()
                FROM automation_notification_templates WHERE name = @name
                RETURNING {Columns}
                """);
            command.Parameters.Add(new NpgsqlParameter<string>("name", NpgsqlDbType.Text) { TypedValue = name });
            command.Parameters.Add(new NpgsqlParameter("subject", NpgsqlDbType.Text) { Value = (object?)subject ?? DBNull.Value });
            command.Parameters.Add(new NpgsqlParameter<string>("body", NpgsqlDbType.Text) { TypedValue = body });
            command.Parameters.Add(new NpgsqlParameter("html", NpgsqlDbType.Text) { Value = (object?)html ?? DBNull.Value });
            try
            {
                await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return Read(reader);
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.UniqueViolation && attempt < MaxTries)
            {
                // Another put took this version number first: number again.
            }
        }
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
