using System.Data.Common;
using Npgsql;

namespace Automation.Postgres.Hosting;

/// <summary>
/// The connection string Automation's pools use: the configured one with the connection reset turned off and automatic
/// preparation of the statements used most turned on, each unless the connection string sets it itself.
/// </summary>
/// <remarks>
/// On every return to the pool Npgsql resets the session (<c>DISCARD ALL</c>), which was half of all statements under
/// load. Nothing Automation runs leaves session state behind: the Orleans ADO.NET providers and our tables use plain
/// parameterized statements in autocommit or short transactions, advisory locks are transaction-scoped
/// (<c>pg_advisory_xact_lock</c>), and there are no <c>SET</c>s, temporary tables or <c>LISTEN</c>s. So skipping the
/// reset is safe, and it lets the statements Npgsql prepares on a connection (<c>Max Auto Prepare</c>: those run at
/// least five times, up to <see cref="AutoPrepared"/> per connection) stay prepared across uses, so PostgreSQL stops
/// parsing and planning the grain-state write, the reminder and visibility statements on every call. A schema change
/// that alters a prepared statement's result makes its next run fail once per connection (Npgsql then drops it); the
/// callers retry. Our migrations only add columns and name the columns they read. Behind PgBouncer in transaction mode
/// (unless 1.21+ with <c>max_prepared_statements</c> above 0) or AWS RDS Proxy, set <c>Max Auto Prepare=0</c>.
/// </remarks>
internal static class PooledConnectionString
{
    /// <summary>How many statements Npgsql keeps prepared per connection unless the connection string says otherwise.</summary>
    internal const int AutoPrepared = 32;

    /// <summary>Returns <paramref name="connectionString"/> with the reset off and auto-preparation on, unless it sets them.</summary>
    /// <param name="connectionString">The configured connection string.</param>
    /// <returns>The connection string for the pools.</returns>
    public static string From(string connectionString)
    {
        // A plain builder lists only the keys the string sets (Npgsql's lists every keyword it knows).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        if (!given.ContainsKey("No Reset On Close") && !given.ContainsKey("NoResetOnClose"))
        {
            builder.NoResetOnClose = true;
        }

        if (!given.ContainsKey("Max Auto Prepare") && !given.ContainsKey("MaxAutoPrepare"))
        {
            builder.MaxAutoPrepare = AutoPrepared;
        }

        return builder.ConnectionString;
    }
}
