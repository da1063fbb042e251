using System.Diagnostics;
using Npgsql;

namespace Automation.Postgres.Statistics;

/// <summary>Reads the PostgreSQL server's health for the system page: latency, version, size and connections.</summary>
/// <param name="dataSource">The shared data source.</param>
public sealed class PostgresServerStatus(NpgsqlDataSource dataSource)
{
    /// <summary>Measures and reads the status; a server that cannot be reached is reported, not thrown.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    public async Task<DatabaseStatus> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using (connection.ConfigureAwait(false))
            {
                // The connection is open (from the pool) before the clock starts: the latency is one query's round trip.
                await using var ping = new NpgsqlCommand("SELECT 1", connection);
                var started = Stopwatch.GetTimestamp();
                await ping.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
                var latency = Stopwatch.GetElapsedTime(started).TotalMilliseconds;

                await using var info = new NpgsqlCommand(
                    """
                    SELECT current_setting('server_version'), pg_database_size(current_database()),
                           (SELECT count(*)::int FROM pg_stat_activity WHERE datname = current_database()),
                           current_setting('max_connections')::int
                    """, connection);
                await using var reader = await info.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
                await reader.ReadAsync(cancellationToken).ConfigureAwait(false);
                return new DatabaseStatus(true, Math.Round(latency, 3), reader.GetString(0), reader.GetInt64(1), reader.GetInt32(2), reader.GetInt32(3), null);
            }
        }
        catch (Exception ex) when (ex is NpgsqlException or TimeoutException or InvalidOperationException)
        {
            return new DatabaseStatus(false, null, null, null, null, null, ex.Message);
        }
    }
}
