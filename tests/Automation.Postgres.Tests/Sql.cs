using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Direct SQL for assertions.</summary>
internal static class Sql
{
    /// <summary>Runs a query and returns the first column of the first row.</summary>
    /// <typeparam name="T">The expected type.</typeparam>
    /// <param name="connectionString">The database.</param>
    /// <param name="sql">The query.</param>
    /// <param name="parameters">Named parameters.</param>
    /// <returns>The value.</returns>
    public static async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object Value)[] parameters)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        var result = await command.ExecuteScalarAsync();
        return result is T typed ? typed : throw new InvalidOperationException($"'{sql}' returned {result ?? "null"}.");
    }

    /// <summary>Runs a statement.</summary>
    /// <param name="connectionString">The database.</param>
    /// <param name="sql">The statement.</param>
    /// <returns>The number of rows affected.</returns>
    public static async Task<int> ExecuteAsync(string connectionString, string sql)
    {
        await using var dataSource = NpgsqlDataSource.Create(connectionString);
        await using var command = dataSource.CreateCommand(sql);
        return await command.ExecuteNonQueryAsync();
    }
}
