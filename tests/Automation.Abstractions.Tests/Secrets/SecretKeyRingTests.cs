using System.Security.Cryptography;
using Automation.Secrets;

namespace Automation.Abstractions.Tests.Secrets;

/// <summary>AES-256-GCM under the configured keys: round trip, tampering, the name as associated data, rotation.</summary>
public sealed class SecretKeyRingTests
{
    private static readonly byte[] Key1 = RandomNumberGenerator.GetBytes(32);
    private static readonly byte[] Key2 = RandomNumberGenerator.GetBytes(32);

    private static SecretKeyRing Ring(string active, params string[] ids) =>
        new(ids.ToDictionary(id => id, id => id == "k1" ? Key1 : Key2), active);

    [Theory]
    [InlineData("s3cr3t-value")]
    [InlineData("ünïcødé ✓ and \"quotes\"\nnew line")]
    [InlineData("x")]
    public void Encrypt_ThenDecrypt_ReturnsTheValue(string value)
    {
        var ring = Ring("k1", "k1");

        var encrypted = ring.Encrypt("token", value);
        var decrypted = ring.Decrypt("token", encrypted);

        decrypted.Should().Be(value);
        encrypted.KeyId.Should().Be("k1");
        encrypted.Nonce.Should().HaveCount(SecretKeyRing.NonceSize);
        encrypted.Tag.Should().HaveCount(SecretKeyRing.TagSize);
        encrypted.Ciphertext.Should().HaveCount(System.Text.Encoding.UTF8.GetByteCount(value));
    }

    [Fact]
    public void Encrypt_SameValueTwice_UsesFreshNonces()
    {
        var ring = Ring("k1", "k1");

        var first = ring.Encrypt("token", "same value, long enough that a collision cannot happen by chance");
        var second = ring.Encrypt("token", "same value, long enough that a collision cannot happen by chance");

        first.Nonce.Should().NotEqual(second.Nonce);
        first.Ciphertext.Should().NotEqual(second.Ciphertext);
        first.Ciphertext.Should().NotEqual("same value, long enough that a collision cannot happen by chance"u8.ToArray());
    }

    [Theory]
    [InlineData("ciphertext")]
    [InlineData("tag")]
    [InlineData("nonce")]
    public void Decrypt_TamperedValue_ThrowsUnreadableNamingTheSecret(string part)
    {
        var ring = Ring("k1", "k1");
        var encrypted = ring.Encrypt("token", "s3cr3t-value");
        var bytes = part switch { "ciphertext" => encrypted.Ciphertext, "tag" => encrypted.Tag, _ => encrypted.Nonce };
        bytes[0] ^= 1;

        var act = () => ring.Decrypt("token", encrypted);

        act.Should().Throw<SecretUnreadableException>()
            .Which.Message.Should().Contain("'token'").And.Contain("altered").And.NotContain("s3cr3t");
    }

    [Fact]
    public void Decrypt_UnderAnotherName_ThrowsUnreadable()
    {
        var ring = Ring("k1", "k1");
        var encrypted = ring.Encrypt("token", "s3cr3t-value");

        var act = () => ring.Decrypt("other", encrypted);

        act.Should().Throw<SecretUnreadableException>().Which.SecretName.Should().Be("other");
    }

    [Fact]
    public void Decrypt_RelabelledWithAnotherKeyId_ThrowsUnreadable()
    {
        var ring = Ring("k1", "k1", "k2");
        var encrypted = ring.Encrypt("token", "s3cr3t-value");

        var act = () => ring.Decrypt("token", encrypted with { KeyId = "k2" });

        act.Should().Throw<SecretUnreadableException>();
    }

    [Fact]
    public void Rotation_NewActiveKey_OldValuesStillDecryptAndNewOnesUseTheNewKey()
    {
        var before = Ring("k1", "k1");
        var old = before.Encrypt("token", "old-value");
        var after = Ring("k2", "k1", "k2");

        var stillReadable = after.Decrypt("token", old);
        var renewed = after.Encrypt("token", "new-value");

        stillReadable.Should().Be("old-value");
        renewed.KeyId.Should().Be("k2");
        after.Decrypt("token", renewed).Should().Be("new-value");
        var act = () => before.Decrypt("token", renewed);
        act.Should().Throw<SecretUnreadableException>().Which.Message.Should().Contain("key 'k2', which is not configured");
    }

    [Fact]
    public void Empty_EncryptOrDecrypt_ThrowsNotConfiguredNamingTheSetting()
    {
        var encrypted = Ring("k1", "k1").Encrypt("token", "value");

        var encrypt = () => SecretKeyRing.Empty.Encrypt("token", "value");
        var decrypt = () => SecretKeyRing.Empty.Decrypt("token", encrypted);

        SecretKeyRing.Empty.IsConfigured.Should().BeFalse();
        encrypt.Should().Throw<SecretsNotConfiguredException>().Which.Message.Should().Contain("Automation:Secrets:Keys");
        decrypt.Should().Throw<SecretsNotConfiguredException>();
    }

    [Fact]
    public void Constructor_OneKeyWithoutActiveId_MakesItActive()
    {
        var ring = new SecretKeyRing(new Dictionary<string, byte[]> { ["only"] = Key1 });

        ring.ActiveKeyId.Should().Be("only");
    }
}
