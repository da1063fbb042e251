using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>A <see cref="PostgresWorkflowIndex"/> on its own database, disposed together.</summary>
/// <param name="DataSource">The database.</param>
/// <param name="Index">The index.</param>
internal sealed record IndexUnderTest(NpgsqlDataSource DataSource, PostgresWorkflowIndex Index) : IAsyncDisposable
{
    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        await Index.DisposeAsync();
        await DataSource.DisposeAsync();
    }
}
