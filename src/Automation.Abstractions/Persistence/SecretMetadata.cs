namespace Automation.Persistence;

/// <summary>What may be shown about a secret: everything but its value.</summary>
/// <param name="Name">The secret name.</param>
/// <param name="Version">1 when created, + 1 per replacement.</param>
/// <param name="KeyId">The id of the key its current value is encrypted with (to see what a key rotation still has to re-encrypt).</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When its value was last set.</param>
public sealed record SecretMetadata(string Name, int Version, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
