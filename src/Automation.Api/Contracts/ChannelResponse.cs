using System.Text.Json;
using Automation.Notifications;

namespace Automation.Api.Contracts;

/// <summary>A notification channel. Its secrets (a webhook's signing key, a Slack URL, an SMTP password) are never part of any response.</summary>
/// <param name="Name">The channel name that <c>notify</c> steps use.</param>
/// <param name="Type"><c>webhook</c>, <c>slack</c> or <c>email</c>.</param>
/// <param name="Url">A webhook's URL; absent for Slack, whose URL is itself a secret, and for email.</param>
/// <param name="Host">Email: the SMTP host.</param>
/// <param name="Port">Email: the SMTP port.</param>
/// <param name="Security">Email: <c>auto</c>, <c>none</c>, <c>starttls</c> or <c>ssl</c>.</param>
/// <param name="Username">Email: the SMTP user name, if any.</param>
/// <param name="From">Email: the sender address.</param>
/// <param name="To">Email: the default recipients.</param>
/// <param name="SecretFields">The names of the fields stored encrypted (values never shown).</param>
/// <param name="Version">1 when created, + 1 per replacement.</param>
/// <param name="KeyId">The id of the encryption key of the secrets.</param>
/// <param name="CreatedAt">When the channel was created.</param>
/// <param name="UpdatedAt">When it was last replaced.</param>
public sealed record ChannelResponse(
    string Name,
    string Type,
    string? Url,
    string? Host,
    int? Port,
    string? Security,
    string? Username,
    string? From,
    IReadOnlyList<string>? To,
    IReadOnlyList<string> SecretFields,
    int Version,
    string KeyId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt)
{
    /// <summary>Maps stored metadata to the response.</summary>
    /// <param name="metadata">The metadata.</param>
    /// <returns>The response.</returns>
    public static ChannelResponse FromMetadata(ChannelMetadata metadata)
    {
        var s = metadata.Settings;
        string? Text(string name) => s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        return new(
            metadata.Name,
            metadata.Type,
            Text("url"),
            Text("host"),
            s.TryGetProperty("port", out var port) && port.ValueKind == JsonValueKind.Number ? port.GetInt32() : null,
            Text("security"),
            Text("username"),
            Text("from"),
            s.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.Array ? [.. to.EnumerateArray().Select(t => t.GetString()!)] : null,
            ChannelTypes.SecretFields.GetValueOrDefault(metadata.Type) ?? [],
            metadata.Version,
            metadata.KeyId,
            metadata.CreatedAt,
            metadata.UpdatedAt);
    }
}
