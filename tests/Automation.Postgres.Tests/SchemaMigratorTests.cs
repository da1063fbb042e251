using Automation.Testing;

namespace Automation.Postgres.Tests;

/// <summary>Applying the embedded <c>sql/</c> scripts.</summary>
[Trait("Category", "Integration")]
public sealed class SchemaMigratorTests
{
    private const int BaseScriptCount = 5;
    private const int OrleansQueryCount = 20;

    [Fact]
    public async Task MigrateAsync_AppliedTwice_IsHarmlessAndRecordsEachScriptOnce()
    {
        var connectionString = await PostgresServer.CreateEmptyDatabaseAsync();
        var migrator = new SchemaMigrator();
        await migrator.MigrateAsync(connectionString, CancellationToken.None);
        var firstAppliedAt = await Sql.ScalarAsync<DateTime>(connectionString, "SELECT max(applied_at) FROM automation_schema_version");

        await migrator.MigrateAsync(connectionString, CancellationToken.None);

        var rows = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM automation_schema_version");
        var distinct = await Sql.ScalarAsync<long>(connectionString, "SELECT count(DISTINCT script) FROM automation_schema_version");
        var lastAppliedAt = await Sql.ScalarAsync<DateTime>(connectionString, "SELECT max(applied_at) FROM automation_schema_version");
        var queries = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM OrleansQuery");
        rows.Should().BeGreaterThanOrEqualTo(BaseScriptCount).And.Be(distinct);
        lastAppliedAt.Should().Be(firstAppliedAt, "unchanged scripts are skipped");
        queries.Should().Be(OrleansQueryCount);
    }

    [Fact]
    public async Task MigrateAsync_ScriptsRunTwiceWithoutRecords_AreIdempotent()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "DELETE FROM automation_schema_version");

        await new SchemaMigrator().MigrateAsync(connectionString, CancellationToken.None);

        var rows = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM automation_schema_version");
        var queries = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM OrleansQuery");
        rows.Should().BeGreaterThanOrEqualTo(BaseScriptCount);
        queries.Should().Be(OrleansQueryCount);
    }

    [Fact]
    public async Task MigrateAsync_ChecksumChanged_ReappliesAndUpdatesRecord()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        await Sql.ExecuteAsync(connectionString, "UPDATE automation_schema_version SET checksum = 'stale' WHERE script = 'PostgreSQL-Reminders.sql'");
        await Sql.ExecuteAsync(connectionString, "DELETE FROM OrleansQuery WHERE QueryKey = 'ReadReminderRowKey'");

        await new SchemaMigrator().MigrateAsync(connectionString, CancellationToken.None);

        var checksum = await Sql.ScalarAsync<string>(connectionString, "SELECT checksum FROM automation_schema_version WHERE script = 'PostgreSQL-Reminders.sql'");
        var restored = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM OrleansQuery WHERE QueryKey = 'ReadReminderRowKey'");
        checksum.Should().MatchRegex("^[0-9a-f]{64}$");
        restored.Should().Be(1);
    }

    [Fact]
    public async Task MigrateAsync_ConcurrentOnEmptyDatabase_AllSucceed()
    {
        var connectionString = await PostgresServer.CreateEmptyDatabaseAsync();

        var runs = Enumerable.Range(0, 4).Select(_ => new SchemaMigrator().MigrateAsync(connectionString, CancellationToken.None));
        await Task.WhenAll(runs);

        var rows = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM automation_schema_version");
        var queries = await Sql.ScalarAsync<long>(connectionString, "SELECT count(*) FROM OrleansQuery");
        rows.Should().BeGreaterThanOrEqualTo(BaseScriptCount);
        queries.Should().Be(OrleansQueryCount);
    }
}
