using Automation.Notifications;

namespace Automation.Api.Contracts;

/// <summary>A notification channel. Its secrets (a webhook's signing key, a Slack URL) are never part of any response.</summary>
/// <param name="Name">The channel name that <c>notify</c> steps use.</param>
/// <param name="Type"><c>webhook</c> or <c>slack</c>.</param>
/// <param name="Url">A webhook's URL; absent for Slack, whose URL is itself a secret.</param>
/// <param name="SecretFields">The names of the fields stored encrypted (values never shown).</param>
/// <param name="Version">1 when created, + 1 per replacement.</param>
/// <param name="KeyId">The id of the encryption key of the secrets.</param>
/// <param name="CreatedAt">When the channel was created.</param>
/// <param name="UpdatedAt">When it was last replaced.</param>
public sealed record ChannelResponse(
    string Name, string Type, string? Url, IReadOnlyList<string> SecretFields, int Version, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt)
{
    /// <summary>Maps stored metadata to the response.</summary>
    /// <param name="metadata">The metadata.</param>
    /// <returns>The response.</returns>
    public static ChannelResponse From(ChannelMetadata metadata) => new(
        metadata.Name,
        metadata.Type,
        metadata.Settings.TryGetProperty("url", out var url) ? url.GetString() : null,
        ChannelTypes.SecretFields.GetValueOrDefault(metadata.Type) ?? [],
        metadata.Version,
        metadata.KeyId,
        metadata.CreatedAt,
        metadata.UpdatedAt);
}
