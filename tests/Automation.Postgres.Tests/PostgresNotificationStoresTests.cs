using System.Security.Cryptography;
using System.Text.Json;
using Automation.Notifications;
using Automation.Postgres.Notifications;
using Automation.Secrets;
using Automation.Testing;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>
/// Notification channels and templates in PostgreSQL (<c>sql/migrations/0005-notifications.sql</c>, ADR 0010): a
/// channel's secret fields are ciphertext bound to the channel's name, and template versions are numbered without gaps
/// even when PUTs race.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgresNotificationStoresTests
{
    private static readonly SecretKeyRing Ring = new(new Dictionary<string, byte[]> { ["k1"] = RandomNumberGenerator.GetBytes(32) });

    [Fact]
    public async Task ChannelStore_PutReplaceGetListDelete_KeepsSettingsAndNoPlaintextSecret()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(db);
        var store = new PostgresChannelStore(source);
        const string key = "whsec-correct-horse-battery";
        var settings = JsonSerializer.SerializeToElement(new { url = "https://hooks.example.com/a" });

        var created = await store.PutAsync("ops", ChannelTypes.Webhook, settings, Ring.Encrypt(ChannelTypes.SecretName("ops"), $$"""{"signingKey":"{{key}}"}"""));
        var replaced = await store.PutAsync("ops", ChannelTypes.Webhook, settings, Ring.Encrypt(ChannelTypes.SecretName("ops"), $$"""{"signingKey":"{{key}}"}"""));
        var read = await store.GetAsync("ops");
        var list = await store.ListAsync();
        var dump = await Sql.ScalarAsync<string>(db, "SELECT string_agg(row_to_json(c)::text, ',') FROM automation_channels c");
        var deleted = await store.DeleteAsync("ops");
        var gone = await store.GetAsync("ops");

        created.Version.Should().Be(1);
        replaced.Version.Should().Be(2);
        replaced.CreatedAt.Should().Be(created.CreatedAt);
        read!.Metadata.Settings.GetProperty("url").GetString().Should().Be("https://hooks.example.com/a");
        Ring.Decrypt(ChannelTypes.SecretName("ops"), read.Secrets).Should().Contain(key);
        list.Select(c => c.Name).Should().Equal("ops");
        dump.Should().Contain("hooks.example.com").And.NotContain(key);
        deleted.Should().BeTrue();
        gone.Should().BeNull();
    }

    [Fact]
    public async Task ChannelStore_RowCopiedToAnotherChannel_DoesNotDecrypt()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(db);
        var store = new PostgresChannelStore(source);
        await store.PutAsync("prod", ChannelTypes.Slack, JsonSerializer.SerializeToElement(new { }), Ring.Encrypt(ChannelTypes.SecretName("prod"), """{"url":"https://hooks.slack.com/x"}"""));
        await Sql.ExecuteAsync(db, """
            INSERT INTO automation_channels (name, type, settings, key_id, nonce, ciphertext, tag, created_at, updated_at, version)
            SELECT 'copy', type, settings, key_id, nonce, ciphertext, tag, created_at, updated_at, 1 FROM automation_channels WHERE name = 'prod'
            """);
        var copy = await store.GetAsync("copy");

        var act = () => Ring.Decrypt(ChannelTypes.SecretName("copy"), copy!.Secrets);

        act.Should().Throw<SecretUnreadableException>();
    }

    [Fact]
    public async Task TemplateStore_ConcurrentPuts_NumberVersionsWithoutGapsAndReadLatestOrPinned()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var source = NpgsqlDataSource.Create(db);
        var store = new PostgresTemplateStore(source);

        var versions = await Task.WhenAll(Enumerable.Range(1, 10).Select(i => store.AddAsync("deploy-done", $"s{i}", $"b{i}", null)));
        var other = await store.AddAsync("other", null, "x", "<p>x</p>");
        var latest = await store.GetAsync("deploy-done");
        var third = await store.GetAsync("deploy-done", 3);
        var missing = await store.GetAsync("deploy-done", 11);
        var list = await store.ListAsync();

        versions.Select(v => v.Version).Should().BeEquivalentTo(Enumerable.Range(1, 10));
        latest!.Version.Should().Be(10);
        third!.Version.Should().Be(3);
        third.Body.Should().Be(versions.Single(v => v.Version == 3).Body);
        missing.Should().BeNull();
        other.Version.Should().Be(1);
        other.Subject.Should().BeNull();
        other.Html.Should().Be("<p>x</p>");
        list.Select(t => (t.Name, t.Version)).Should().Equal(("deploy-done", 10), ("other", 1));
    }
}
