using System.Diagnostics;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Automation.Postgres.Statistics;

/// <summary>Reads the PostgreSQL server's health for the system page: latency, version, size and connections.</summary>
/// <param name="dataSource">The shared data source.</param>
/// <param name="logger">Receives why the server could not be read; the answer carries only a generic text, since the
/// driver's message names the host, port and user.</param>
public sealed partial class PostgresServerStatus(NpgsqlDataSource dataSource, ILogger<PostgresServerStatus> logger)
{
    /// <summary>The error when no connection could be opened.</summary>
    public const string Unreachable = "PostgreSQL is unreachable.";

    /// <summary>The error when a connection opened but a query failed.</summary>
    public const string QueryFailed = "A status query failed.";

    /// <summary>Measures and reads the status; a server that cannot be reached is reported, not thrown.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    public async Task<DatabaseStatus> ReadAsync(CancellationToken cancellationToken = default)
    {
        var opened = false;
        try
        {
            var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            opened = true;
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
            LogUnhealthy(logger, ex);
            return new DatabaseStatus(false, null, null, null, null, null, opened ? QueryFailed : Unreachable);
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "PostgreSQL status could not be read.")]
    private static partial void LogUnhealthy(ILogger logger, Exception exception);
}
