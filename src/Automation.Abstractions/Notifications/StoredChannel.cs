using Automation.Secrets;

namespace Automation.Notifications;

/// <summary>A channel as stored: its metadata and its secrets, encrypted (a JSON object of the secret fields).</summary>
/// <param name="Metadata">What may be shown.</param>
/// <param name="Secrets">The secret fields as one JSON object, encrypted for <see cref="ChannelTypes.SecretName"/>.</param>
public sealed record StoredChannel(ChannelMetadata Metadata, EncryptedSecret Secrets);
