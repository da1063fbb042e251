using Automation.Secrets;

namespace Automation.Testing;

/// <summary>The encryption key the test hosts share (silos and API), so that a secret one stores the others can read.</summary>
public static class TestSecrets
{
    /// <summary>The key id.</summary>
    public const string KeyId = "test";

    /// <summary>A fixed AES-256 key, base64; for tests only.</summary>
    public const string Key = "+3KkcMh/hxsY9othhyIzjOpUTpUTeRyugNYzqlj3H14=";

    /// <summary>The key as configuration settings (<c>Automation:Secrets:...</c>).</summary>
    public static IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
    {
        [$"{SecretsOptions.SectionName}:Keys:{KeyId}"] = Key,
        [$"{SecretsOptions.SectionName}:ActiveKeyId"] = KeyId,
    };

    /// <summary>A key ring holding the key.</summary>
    public static SecretKeyRing KeyRing { get; } = new(new Dictionary<string, byte[]> { [KeyId] = Convert.FromBase64String(Key) }, KeyId);

    /// <summary>Adds the key to secrets options.</summary>
    /// <param name="options">The options.</param>
    public static void Configure(SecretsOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Keys[KeyId] = Key;
        options.ActiveKeyId = KeyId;
    }
}
