using System.Text.Json;

namespace Automation.Notifications;

/// <summary>A notification channel as anyone may see it: its type and settings, never its secrets.</summary>
/// <param name="Name">The channel name that <c>notify</c> steps use.</param>
/// <param name="Type">One of <see cref="ChannelTypes.All"/>.</param>
/// <param name="Settings">The non-secret settings (e.g. a webhook's URL), a JSON object.</param>
/// <param name="Version">1 when created, + 1 per replacement.</param>
/// <param name="KeyId">The id of the key the secrets are encrypted with.</param>
/// <param name="CreatedAt">When the channel was created.</param>
/// <param name="UpdatedAt">When it was last replaced.</param>
public sealed record ChannelMetadata(string Name, string Type, JsonElement Settings, int Version, string KeyId, DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt);
