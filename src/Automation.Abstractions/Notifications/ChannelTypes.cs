namespace Automation.Notifications;

/// <summary>The kinds of notification channel, as written in a channel's <c>type</c>.</summary>
public static class ChannelTypes
{
    /// <summary>A JSON POST signed with HMAC-SHA256 (<c>Automation-Signature: t=…,v1=…</c>).</summary>
    public const string Webhook = "webhook";

    /// <summary>A Slack incoming-webhook message with blocks.</summary>
    public const string Slack = "slack";

    /// <summary>An email through SMTP (MailKit): a text part, an optional HTML part and attachments.</summary>
    public const string Email = "email";

    /// <summary>Every known type, sorted.</summary>
    public static IReadOnlyList<string> All { get; } = [Email, Slack, Webhook];

    /// <summary>The fields of each type that are secret: stored encrypted, never returned or logged.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SecretFields { get; } = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
    {
        [Webhook] = ["signingKey"],
        [Slack] = ["url"],
        [Email] = ["password"],
    };

    /// <summary>The associated-data name a channel's secrets are encrypted under, so a row copied to another channel does not decrypt.</summary>
    /// <param name="channel">The channel name.</param>
    /// <returns>The name to pass to <see cref="Secrets.SecretKeyRing.Encrypt"/> and <see cref="Secrets.SecretKeyRing.Decrypt"/>.</returns>
    public static string SecretName(string channel) => "channel:" + channel;
}
