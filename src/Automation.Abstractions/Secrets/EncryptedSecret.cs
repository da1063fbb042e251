namespace Automation.Secrets;

/// <summary>A secret value encrypted with AES-256-GCM, as stored.</summary>
/// <param name="KeyId">The id of the key it was encrypted with (see <see cref="SecretsOptions.Keys"/>).</param>
/// <param name="Nonce">The random 12-byte nonce.</param>
/// <param name="Ciphertext">The encrypted UTF-8 value, as long as the value.</param>
/// <param name="Tag">The 16-byte authentication tag; it also covers the secret's name and the key id.</param>
public sealed record EncryptedSecret(string KeyId, byte[] Nonce, byte[] Ciphertext, byte[] Tag);
