using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace Automation.Secrets;

/// <summary>
/// Encrypts and decrypts secret values with AES-256-GCM under the configured keys. New values use the active key;
/// any configured key decrypts. The secret's name and the key id are authenticated with the value (associated data),
/// so a stored value copied to another name, or relabelled with another key id, does not decrypt.
/// </summary>
public sealed partial class SecretKeyRing
{
    /// <summary>The key size in bytes (AES-256).</summary>
    public const int KeySize = 32;

    /// <summary>The nonce size in bytes.</summary>
    public const int NonceSize = 12;

    /// <summary>The authentication tag size in bytes.</summary>
    public const int TagSize = 16;

    /// <summary>Why a key id is refused.</summary>
    public const string KeyIdRule = "use 1–32 letters, digits, '_' and '-'";

    private const string KeyIdBody = "[A-Za-z0-9_-]{1,32}";

    private readonly Dictionary<string, byte[]> _keys;

    /// <summary>Creates a key ring.</summary>
    /// <param name="keys">32-byte keys by id; may be empty (secrets are then not configured).</param>
    /// <param name="activeKeyId">The key new values are encrypted with; optional when there is exactly one key.</param>
    /// <exception cref="ArgumentException">A key is not 32 bytes, a key id is malformed, or the active key is not among the keys.</exception>
    public SecretKeyRing(IReadOnlyDictionary<string, byte[]> keys, string? activeKeyId = null)
    {
        ArgumentNullException.ThrowIfNull(keys);
        _keys = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, key) in keys)
        {
            if (!KeyId().IsMatch(id))
            {
                throw new ArgumentException($"Key id '{id}' is malformed: {KeyIdRule}.", nameof(keys));
            }

            if (key.Length != KeySize)
            {
                throw new ArgumentException($"Key '{id}' is {key.Length} bytes; AES-256-GCM needs exactly {KeySize}.", nameof(keys));
            }

            _keys.Add(id, (byte[])key.Clone());
        }

        if (string.IsNullOrEmpty(activeKeyId))
        {
            ActiveKeyId = _keys.Count == 1 ? _keys.Keys.Single() : null;
            if (_keys.Count > 1)
            {
                throw new ArgumentException("An active key id is required when more than one key is configured.", nameof(activeKeyId));
            }
        }
        else if (_keys.ContainsKey(activeKeyId))
        {
            ActiveKeyId = _keys.Keys.Single(k => string.Equals(k, activeKeyId, StringComparison.OrdinalIgnoreCase));
        }
        else
        {
            throw new ArgumentException($"The active key id '{activeKeyId}' names no configured key.", nameof(activeKeyId));
        }
    }

    /// <summary>A key ring without keys: secrets are not configured.</summary>
    public static SecretKeyRing Empty { get; } = new(new Dictionary<string, byte[]>());

    /// <summary>Whether at least one key is configured.</summary>
    public bool IsConfigured => ActiveKeyId is not null;

    /// <summary>The id of the key new values are encrypted with; <see langword="null"/> when none is configured.</summary>
    public string? ActiveKeyId { get; }

    /// <summary>The ids of the configured keys.</summary>
    public IReadOnlyCollection<string> KeyIds => _keys.Keys;

    /// <summary>Encrypts a value with the active key, bound to the secret's name.</summary>
    /// <param name="name">The secret's name.</param>
    /// <param name="value">The value.</param>
    /// <returns>The encrypted value.</returns>
    /// <exception cref="SecretsNotConfiguredException">No key is configured.</exception>
    public EncryptedSecret Encrypt(string name, string value)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(value);
        var keyId = ActiveKeyId ?? throw new SecretsNotConfiguredException();
        var plaintext = Encoding.UTF8.GetBytes(value);
        var nonce = RandomNumberGenerator.GetBytes(NonceSize);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[TagSize];
        try
        {
            using var aes = new AesGcm(_keys[keyId], TagSize);
            aes.Encrypt(nonce, plaintext, ciphertext, tag, AssociatedData(keyId, name));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }

        return new EncryptedSecret(keyId, nonce, ciphertext, tag);
    }

    /// <summary>Decrypts a value stored under <paramref name="name"/>.</summary>
    /// <param name="name">The secret's name: the one it was encrypted for.</param>
    /// <param name="secret">The encrypted value.</param>
    /// <returns>The value.</returns>
    /// <exception cref="SecretsNotConfiguredException">No key is configured.</exception>
    /// <exception cref="SecretUnreadableException">Its key is not configured, or the stored value, its name or its key id was changed.</exception>
    public string Decrypt(string name, EncryptedSecret secret)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(secret);
        if (!IsConfigured)
        {
            throw new SecretsNotConfiguredException();
        }

        if (!_keys.TryGetValue(secret.KeyId, out var key))
        {
            throw new SecretUnreadableException(name, $"it was encrypted with key '{secret.KeyId}', which is not configured ({SecretsOptions.SectionName}:Keys has {string.Join(", ", _keys.Keys.Order(StringComparer.Ordinal))})");
        }

        if (secret.Nonce.Length != NonceSize || secret.Tag.Length != TagSize)
        {
            throw new SecretUnreadableException(name, "the stored nonce or tag has the wrong length");
        }

        var plaintext = new byte[secret.Ciphertext.Length];
        try
        {
            using var aes = new AesGcm(key, TagSize);
            aes.Decrypt(secret.Nonce, secret.Ciphertext, secret.Tag, plaintext, AssociatedData(secret.KeyId, name));
            return Encoding.UTF8.GetString(plaintext);
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretUnreadableException(name, "the stored value does not authenticate under its name and key (it was altered or copied from another secret)");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    /// <summary>Reads the keys the options name (inline and from <see cref="SecretsOptions.KeysDirectory"/>), collecting every problem.</summary>
    /// <param name="options">The options.</param>
    /// <param name="problems">Where to add what is wrong, naming the setting and never a key.</param>
    /// <returns>The key ring, or <see langword="null"/> when there are problems.</returns>
    public static SecretKeyRing? Load(SecretsOptions options, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        var before = problems.Count;
        var keys = new Dictionary<string, byte[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var (id, text) in options.Keys)
        {
            var setting = $"{SecretsOptions.SectionName}:Keys:{id} (environment variable Automation__Secrets__Keys__{id})";
            AddKey(keys, id, text, setting, problems);
        }

        if (!string.IsNullOrWhiteSpace(options.KeysDirectory))
        {
            if (!Directory.Exists(options.KeysDirectory))
            {
                problems.Add($"{SecretsOptions.SectionName}:KeysDirectory names the folder '{options.KeysDirectory}', which does not exist.");
            }
            else
            {
                foreach (var file in Directory.EnumerateFiles(options.KeysDirectory).Order(StringComparer.Ordinal))
                {
                    var id = Path.GetFileName(file);
                    if (id.StartsWith('.'))
                    {
                        continue; // Kubernetes keeps its bookkeeping (..data, ..2024_...) in dot entries.
                    }

                    var setting = $"The key file '{file}' ({SecretsOptions.SectionName}:KeysDirectory)";
                    if (keys.ContainsKey(id))
                    {
                        problems.Add($"{setting} has the id '{id}' of a key already set in {SecretsOptions.SectionName}:Keys; remove one of them.");
                        continue;
                    }

                    AddKey(keys, id, File.ReadAllText(file), setting, problems);
                }
            }
        }

        var active = string.IsNullOrWhiteSpace(options.ActiveKeyId) ? null : options.ActiveKeyId.Trim();
        if (active is not null && !keys.ContainsKey(active) && problems.Count == before)
        {
            problems.Add(keys.Count == 0
                ? $"{SecretsOptions.SectionName}:ActiveKeyId is '{active}' but no key is configured: set {SecretsOptions.SectionName}:Keys:{active} (environment variable Automation__Secrets__Keys__{active})."
                : $"{SecretsOptions.SectionName}:ActiveKeyId is '{active}', which names no configured key (configured: {string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))}).");
        }
        else if (active is null && keys.Count > 1)
        {
            problems.Add($"{SecretsOptions.SectionName}:ActiveKeyId is required when more than one key is configured (configured: {string.Join(", ", keys.Keys.Order(StringComparer.Ordinal))}).");
        }

        return problems.Count == before ? new SecretKeyRing(keys, active) : null;
    }

    private static void AddKey(Dictionary<string, byte[]> keys, string id, string? text, string setting, ICollection<string> problems)
    {
        if (!KeyId().IsMatch(id))
        {
            problems.Add($"{setting}: the key id '{id}' is malformed: {KeyIdRule}.");
            return;
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String((text ?? "").Trim());
        }
        catch (FormatException)
        {
            problems.Add($"{setting} is not base64 (its value is not shown). Generate a key with: openssl rand -base64 32");
            return;
        }

        if (key.Length != KeySize)
        {
            problems.Add($"{setting} decodes to {key.Length} bytes; AES-256-GCM needs exactly {KeySize} (openssl rand -base64 32).");
            return;
        }

        keys[id] = key;
    }

    private static byte[] AssociatedData(string keyId, string name) =>
        Encoding.UTF8.GetBytes($"automation/secret/v1\n{keyId.ToLowerInvariant()}\n{name}");

    [GeneratedRegex("^" + KeyIdBody + @"\z")]
    private static partial Regex KeyId();
}
