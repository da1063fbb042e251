namespace Automation.Secrets;

/// <summary>
/// A stored secret cannot be decrypted: its key is no longer configured, or the stored row was altered or copied from
/// another name. The message names the secret and the reason, never the value. Re-<c>PUT</c> the secret to fix it.
/// </summary>
[GenerateSerializer, Alias("automation.SecretUnreadableException")]
public sealed class SecretUnreadableException : AutomationException
{
    /// <summary>Creates the exception.</summary>
    /// <param name="name">The secret's name.</param>
    /// <param name="reason">Why it cannot be read.</param>
    public SecretUnreadableException(string name, string reason)
        : base($"Secret '{name}' cannot be decrypted: {reason}. Store it again with PUT /api/v1/secrets/{name}.")
    {
        SecretName = name;
    }

    /// <summary>The secret's name.</summary>
    [Id(0)]
    public string SecretName { get; }
}
