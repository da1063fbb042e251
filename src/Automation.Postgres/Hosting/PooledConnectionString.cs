using System.Data.Common;
using Npgsql;

namespace Automation.Postgres.Hosting;

/// <summary>The connection string Automation's pools use: the configured one with the connection reset turned off.</summary>
/// <remarks>
/// On every return to the pool Npgsql resets the session (<c>DISCARD ALL</c>), which was half of all statements under
/// load. Nothing Automation runs leaves session state behind: the Orleans ADO.NET providers and our tables use plain
/// parameterized statements in autocommit or short transactions, advisory locks are transaction-scoped
/// (<c>pg_advisory_xact_lock</c>), and there are no <c>SET</c>s, temporary tables, <c>LISTEN</c>s or named prepared
/// statements. So skipping the reset is safe. A connection string that sets <c>No Reset On Close</c> itself wins.
/// </remarks>
internal static class PooledConnectionString
{
    /// <summary>Returns <paramref name="connectionString"/> with <c>No Reset On Close=true</c> unless it says otherwise.</summary>
    /// <param name="connectionString">The configured connection string.</param>
    /// <returns>The connection string for the pools.</returns>
    public static string From(string connectionString)
    {
        // A plain builder lists only the keys the string sets (Npgsql's lists every keyword it knows).
        var given = new DbConnectionStringBuilder { ConnectionString = connectionString };
        if (given.ContainsKey("No Reset On Close") || given.ContainsKey("NoResetOnClose"))
        {
            return connectionString;
        }

        return new NpgsqlConnectionStringBuilder(connectionString) { NoResetOnClose = true }.ConnectionString;
    }
}
