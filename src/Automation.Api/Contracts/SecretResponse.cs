using Automation.Persistence;

namespace Automation.Api.Contracts;

/// <summary>A secret's metadata. The value is never part of any response.</summary>
/// <param name="Name">The secret name, as templates read it: <c>{{ secrets.NAME }}</c>.</param>
/// <param name="Version">1 when created, + 1 each time the value is replaced.</param>
/// <param name="KeyId">The id of the encryption key of the current value; after a key rotation, secrets still on the old key need a new PUT.</param>
/// <param name="CreatedAt">When the secret was created.</param>
/// <param name="UpdatedAt">When its value was last set.</param>
public sealed record SecretResponse(string Name, int Version, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Maps stored metadata to the response.</summary>
    /// <param name="metadata">The metadata.</param>
    /// <returns>The response.</returns>
    public static SecretResponse From(SecretMetadata metadata) =>
        new(metadata.Name, metadata.Version, metadata.KeyId, metadata.CreatedAt, metadata.UpdatedAt);
}
