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

    private static JsonElement Document(string description) =>
        JsonDocument.Parse($$"""{"description":"{{description}}","steps":[{"id":"a","type":"http"}]}""").RootElement;
}
