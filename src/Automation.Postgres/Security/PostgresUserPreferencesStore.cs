using System.Text.Json;
using Automation.Security;
using Npgsql;
using NpgsqlTypes;

namespace Automation.Postgres.Security;

/// <summary>Users' preferences in the <c>automation_user_preferences</c> table (one jsonb document per user).</summary>
/// <param name="dataSource">The database.</param>
public sealed class PostgresUserPreferencesStore(NpgsqlDataSource dataSource) : IUserPreferencesStore
{
    /// <inheritdoc/>
    public async Task<(JsonElement Preferences, DateTimeOffset UpdatedAt)?> GetAsync(string username, CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT preferences::text, updated_at FROM automation_user_preferences WHERE username = @username");
        command.Parameters.Add(new NpgsqlParameter<string>("username", NpgsqlDbType.Text) { TypedValue = username });
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        using var document = JsonDocument.Parse(reader.GetString(0));
        return (document.RootElement.Clone(), reader.GetFieldValue<DateTimeOffset>(1));
    }

    /// <inheritdoc/>
    public async Task<bool> PutAsync(string username, JsonElement preferences, DateTimeOffset now, CancellationToken cancellationToken = default)
    {
        // Only for an existing user: the SELECT yields no row for an unknown name, so nothing is written.
        await using var command = dataSource.CreateCommand(
            """
            INSERT INTO automation_user_preferences (username, preferences, updated_at)
            SELECT username, @preferences, @now FROM automation_users WHERE username = @username
            ON CONFLICT (username) DO UPDATE SET preferences = EXCLUDED.preferences, updated_at = EXCLUDED.updated_at
            """);
        command.Parameters.Add(new NpgsqlParameter<string>("username", NpgsqlDbType.Text) { TypedValue = username });
        command.Parameters.Add(new NpgsqlParameter<string>("preferences", NpgsqlDbType.Jsonb) { TypedValue = preferences.GetRawText() });
        command.Parameters.Add(new NpgsqlParameter<DateTimeOffset>("now", NpgsqlDbType.TimestampTz) { TypedValue = now.ToUniversalTime() });
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) > 0;
    }
}
