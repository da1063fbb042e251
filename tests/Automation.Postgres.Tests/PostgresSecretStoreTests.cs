using System.Security.Cryptography;
using System.Text;
using Automation.Persistence;
using Automation.Secrets;
using Automation.Testing;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Encrypted secrets in <c>automation_secrets</c>: versions, metadata, and what a database dump reveals (nothing).</summary>
[Trait("Category", "Integration")]
public sealed class PostgresSecretStoreTests
{
    private static readonly byte[] Key1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Key2 = RandomNumberGenerator.GetBytes(32);

    private static SecretKeyRing Ring(string active, params string[] ids) =>
        new(ids.ToDictionary(id => id, id => id == "k1" ? Key1 : Key2), active);

    private static async Task<(string Db, NpgsqlDataSource Source, PostgresSecretStore Store)> StoreAsync()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        var source = NpgsqlDataSource.Create(db);
        return (db, source, new PostgresSecretStore(source));
    }

    [Fact]
    public async Task PutAsync_CreateThenReplace_NumbersVersionsAndKeepsCreationTime()
    {
        var (_, source, store) = await StoreAsync();
        await using var _ = source;
        var vault = new SecretVault(store, Ring("k1", "k1"));

        var created = await vault.PutAsync("token", "first");
        var replaced = await vault.PutAsync("token", "second");
        var value = await vault.GetValueAsync("token");

        created.Version.Should().Be(1);
        created.KeyId.Should().Be("k1");
        replaced.Version.Should().Be(2);
        replaced.CreatedAt.Should().Be(created.CreatedAt);
        replaced.UpdatedAt.Should().BeOnOrAfter(created.UpdatedAt);
        value.Should().Be("second");
    }

    [Fact]
    public async Task PutAsync_ConcurrentPutsOfOneName_EachGetsItsOwnVersion()
    {
        var (_, source, store) = await StoreAsync();
        await using var _ = source;
        var vault = new SecretVault(store, Ring("k1", "k1"));

        var versions = await Task.WhenAll(Enumerable.Range(0, 20).Select(i => vault.PutAsync("token", $"value {i}")));

        versions.Select(v => v.Version).Should().BeEquivalentTo(Enumerable.Range(1, 20));
    }

    [Fact]
    public async Task Table_AfterPut_HoldsNoPlaintextAnywhere()
    {
        var (db, source, store) = await StoreAsync();
        await using var _ = source;
        const string value = "correct horse battery staple";
        await new SecretVault(store, Ring("k1", "k1")).PutAsync("token", value);

        var dump = await Sql.ScalarAsync<string>(db, "SELECT string_agg(row_to_json(s)::text, ',') FROM automation_secrets s");

        dump.Should().Contain("token").And.NotContain(value);
        dump.Should().NotContain(Convert.ToHexStringLower(Encoding.UTF8.GetBytes(value)));
    }

    [Fact]
    public async Task GetValueAsync_CiphertextAlteredInTheDatabase_FailsAsUnreadable()
    {
        var (db, source, store) = await StoreAsync();
        await using var _ = source;
        var vault = new SecretVault(store, Ring("k1", "k1"));
        await vault.PutAsync("token", "s3cr3t");
        await Sql.ExecuteAsync(db, "UPDATE automation_secrets SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1) WHERE name = 'token'");

        var act = () => vault.GetValueAsync("token");

        (await act.Should().ThrowAsync<SecretUnreadableException>()).Which.Message.Should().Contain("'token'").And.NotContain("s3cr3t");
    }

    [Fact]
    public async Task GetValueAsync_RowCopiedToAnotherName_FailsAsUnreadable()
    {
        var (db, source, store) = await StoreAsync();
        await using var _ = source;
        var vault = new SecretVault(store, Ring("k1", "k1"));
        await vault.PutAsync("prod-password", "s3cr3t");
        await Sql.ExecuteAsync(db, """
            INSERT INTO automation_secrets (name, key_id, nonce, ciphertext, tag, created_at, updated_at, version)
            SELECT 'harmless', key_id, nonce, ciphertext, tag, created_at, updated_at, 1 FROM automation_secrets WHERE name = 'prod-password'
            """);

        var act = () => vault.GetValueAsync("harmless");

        await act.Should().ThrowAsync<SecretUnreadableException>();
        (await vault.GetValueAsync("prod-password")).Should().Be("s3cr3t");
    }

    [Fact]
    public async Task KeyRotation_OldKeyStillDecryptsAndAPutReEncryptsWithTheNewKey()
    {
        var (_, source, store) = await StoreAsync();
        await using var _ = source;
        await new SecretVault(store, Ring("k1", "k1")).PutAsync("token", "old");
        var rotated = new SecretVault(store, Ring("k2", "k1", "k2"));

        var before = await rotated.GetValueAsync("token");
        var renewed = await rotated.PutAsync("token", "new");
        var after = await rotated.GetValueAsync("token");
        var withoutNewKey = () => new SecretVault(store, Ring("k1", "k1")).GetValueAsync("token");
        var withoutOldKey = await new SecretVault(store, Ring("k2", "k2")).GetValueAsync("token");

        before.Should().Be("old");
        renewed.KeyId.Should().Be("k2");
        (await store.GetAsync("token"))!.Value.KeyId.Should().Be("k2");
        after.Should().Be("new");
        (await withoutNewKey.Should().ThrowAsync<SecretUnreadableException>()).Which.Message.Should().Contain("'k2'");
        withoutOldKey.Should().Be("new", "once every secret is re-put, the old key can be removed");
    }

    [Fact]
    public async Task ListAndDelete_ReturnMetadataByNameAndRemoveRows()
    {
        var (_, source, store) = await StoreAsync();
        await using var _ = source;
        var vault = new SecretVault(store, Ring("k1", "k1"));
        await vault.PutAsync("zeta", "1");
        await vault.PutAsync("alpha", "2");
        await vault.PutAsync("alpha", "3");

        var listed = await store.ListAsync();
        var deleted = await store.DeleteAsync("zeta");
        var deletedAgain = await store.DeleteAsync("zeta");

        listed.Select(m => (m.Name, m.Version)).Should().Equal(("alpha", 2), ("zeta", 1));
        deleted.Should().BeTrue();
        deletedAgain.Should().BeFalse();
        (await store.GetAsync("zeta")).Should().BeNull();
        (await vault.GetValueAsync("zeta")).Should().BeNull();
    }

    [Fact]
    public async Task Schema_Migration0002_IsAppliedAndRecorded()
    {
        var (db, source, _) = await StoreAsync();
        await using var _ = source;

        var recorded = await Sql.ScalarAsync<long>(db, "SELECT count(*) FROM automation_schema_version WHERE script = 'migrations/0002-secrets.sql'");

        recorded.Should().Be(1);
    }
}
