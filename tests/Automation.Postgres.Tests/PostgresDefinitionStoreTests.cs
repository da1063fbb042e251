using System.Text.Json;
using Automation.Testing;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Immutable, numbered definition versions.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresDefinitionStoreTests
{
    [Fact]
    public async Task InsertAsync_ConcurrentInsertsOfOneName_NumbersVersionsWithoutGapsOrDuplicates()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);

        var stored = await Task.WhenAll(Enumerable.Range(0, 30).Select(i => store.InsertAsync("orders", Document($"run {i}"))));

        stored.Select(s => s.Version).Should().BeEquivalentTo(Enumerable.Range(1, 30));
    }

    [Fact]
    public async Task InsertAsync_SequentialInserts_ReturnsOneTwoThree()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);

        var versions = new List<int>();
        foreach (var description in new[] { "a", "b", "c" })
        {
            versions.Add((await store.InsertAsync("orders", Document(description))).Version);
        }

        versions.Should().Equal(1, 2, 3);
    }

    [Fact]
    public async Task GetAsync_WithoutVersion_ReturnsLatest()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("orders", Document("first"));
        var second = await store.InsertAsync("orders", Document("second"));

        var latest = await store.GetAsync("orders", null);

        latest.Should().NotBeNull();
        latest!.Version.Should().Be(2);
        latest.CreatedAt.Should().Be(second.CreatedAt);
        latest.Document.GetProperty("description").GetString().Should().Be("second");
    }

    [Fact]
    public async Task GetAsync_WithVersion_ReturnsThatVersion()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("orders", Document("first"));
        await store.InsertAsync("orders", Document("second"));

        var first = await store.GetAsync("orders", 1);

        first!.Version.Should().Be(1);
        first.Document.GetProperty("description").GetString().Should().Be("first");
        first.Document.GetProperty("steps").GetArrayLength().Should().Be(1);
    }

    [Fact]
    public async Task GetAsync_UnknownNameOrVersion_ReturnsNull()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("orders", Document("first"));

        var unknownName = await store.GetAsync("invoices", null);
        var unknownVersion = await store.GetAsync("orders", 2);

        unknownName.Should().BeNull();
        unknownVersion.Should().BeNull();
    }

    [Fact]
    public async Task ListAsync_SeveralNames_ReturnsLatestVersionPerNameOrderedByName()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("shipping", Document("ship v1"));
        await store.InsertAsync("billing", Document("bill v1"));
        await store.InsertAsync("billing", Document("bill v2"));
        await store.InsertAsync("audit", JsonDocument.Parse("""{"steps":[]}""").RootElement);

        var list = await store.ListAsync();

        list.Select(s => (s.Name, s.LatestVersion, s.Description)).Should().Equal(
            ("audit", 1, (string?)null),
            ("billing", 2, "bill v2"),
            ("shipping", 1, "ship v1"));
    }

    [Fact]
    public async Task ListVersionsAsync_RegisteredBy_IsRecordedPerVersion()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("orders", Document("a"), "alice");
        await store.InsertAsync("orders", Document("b"));

        var versions = await store.ListVersionsAsync("orders");
        var none = await store.ListVersionsAsync("nothing");

        versions.Select(v => (v.Version, v.Description, v.RegisteredBy)).Should().Equal((1, "a", "alice"), (2, "b", (string?)null));
        none.Should().BeEmpty();
    }

    [Fact]
    public async Task Deprecations_SetReplaceAndRemove_PerVersionAndWhole()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("orders", Document("a"));
        var at = DateTimeOffset.UnixEpoch.AddYears(56);

        await store.SetDeprecationAsync("orders", new(1, "2", "old", "bob", at));
        await store.SetDeprecationAsync("orders", new(1, "3", "older", "carol", at));
        await store.SetDeprecationAsync("orders", new(null, "billing", null, "bob", at));
        var both = await store.ListDeprecationsAsync("orders");
        var removed = await store.RemoveDeprecationAsync("orders", null);
        var removedAgain = await store.RemoveDeprecationAsync("orders", null);
        var left = await store.ListDeprecationsAsync("orders");

        both.Should().BeEquivalentTo(new Automation.Definitions.DefinitionDeprecation[] { new(null, "billing", null, "bob", at), new(1, "3", "older", "carol", at) });
        removed.Should().BeTrue();
        removedAgain.Should().BeFalse();
        left.Should().ContainSingle().Which.Version.Should().Be(1);
    }

    [Fact]
    public async Task DeleteAsync_UsedVersion_RefusesWithCountAndDeletesNothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(db);
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("orders", Document("a"));
        await store.InsertAsync("orders", Document("b"));
        await using (var insert = dataSource.CreateCommand(
            """
            INSERT INTO automation_workflows (workflow_id, definition_name, definition_version, status, created_at, updated_at, completed_at, revision)
            VALUES ('w1', 'orders', 1, 'Completed', now(), now(), now(), 1), ('w2', 'orders', 1, 'Running', now(), now(), NULL, 1)
            """))
        {
            await insert.ExecuteNonQueryAsync();
        }

        var refused = await store.DeleteAsync("orders", 1);
        var refusedWhole = await store.DeleteAsync("orders", null);
        var deleted = await store.DeleteAsync("orders", 2);
        var missing = await store.DeleteAsync("orders", 7);
        var next = await store.InsertAsync("orders", Document("c"));
        var versions = await store.ListVersionsAsync("orders");

        refused.Should().Be(new Automation.Persistence.DefinitionDeleteResult(0, 2));
        refusedWhole.Should().Be(new Automation.Persistence.DefinitionDeleteResult(0, 2));
        deleted.Should().Be(new Automation.Persistence.DefinitionDeleteResult(1, 0));
        missing.Should().Be(new Automation.Persistence.DefinitionDeleteResult(0, 0));
        next.Version.Should().Be(3, "the number of deleted version 2 is not given again");
        versions.Select(v => v.Version).Should().Equal(1, 3);
    }

    [Fact]
    public async Task DeleteAsync_UnusedDefinition_DeletesEveryVersionAndTheNumbersStartOver()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresDefinitionStore(dataSource);
        await store.InsertAsync("orders", Document("a"));
        await store.InsertAsync("orders", Document("b"));
        await store.DeleteAsync("orders", 2);
        await store.SetDeprecationAsync("orders", new(1, null, null, "bob", DateTimeOffset.UnixEpoch));

        var deleted = await store.DeleteAsync("orders", null);
        var after = await store.GetAsync("orders", null);
        var deprecations = await store.ListDeprecationsAsync("orders");
        var first = await store.InsertAsync("orders", Document("again"));

        deleted.Deleted.Should().Be(1);
        after.Should().BeNull();
        deprecations.Should().BeEmpty();
        first.Version.Should().Be(1);
    }

    private static JsonElement Document(string description) =>
        JsonDocument.Parse($$"""{"description":"{{description}}","steps":[{"id":"a","type":"http"}]}""").RootElement;
}
