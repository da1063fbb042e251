namespace Automation.Secrets;

/// <summary>
/// The keys that encrypt workflow secrets at rest. Bound from the configuration section <c>Automation:Secrets</c>;
/// the API and every silo need the same keys. Without any key the secrets feature is off: <c>PUT /secrets</c> answers
/// <c>409</c> and a step that uses a secret fails, but nothing else is affected.
/// </summary>
/// <remarks>
/// To rotate: add a new key, make it <see cref="ActiveKeyId"/> (API and silos), re-<c>PUT</c> every secret (each
/// answer names its <c>keyId</c>), then remove the old key. A secret encrypted with a key that is no longer configured
/// cannot be read.
/// </remarks>
public sealed class SecretsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Secrets";

    /// <summary>
    /// Keys by id: each a base64 string of exactly 32 random bytes (<c>openssl rand -base64 32</c>), for example from
    /// the environment variable <c>Automation__Secrets__Keys__k1</c>. Key ids use 1–32 letters, digits, '_' and '-'.
    /// Secret: never logged, never shown in option dumps.
    /// </summary>
    public Dictionary<string, string> Keys { get; set; } = [];

    /// <summary>
    /// A folder holding one file per key (a mounted Kubernetes or Docker secret): the file name is the key id and the
    /// content the base64 key. Merged with <see cref="Keys"/>; an id in both is an error. Optional.
    /// </summary>
    public string? KeysDirectory { get; set; }

    /// <summary>The id of the key new values are encrypted with. Optional when exactly one key is configured.</summary>
    public string? ActiveKeyId { get; set; }

    /// <inheritdoc />
    public override string ToString() =>
        $"SecretsOptions {{ Keys = [{Keys.Count} redacted], KeysDirectory = {KeysDirectory}, ActiveKeyId = {ActiveKeyId} }}";
}
