namespace Automation.Secrets;

/// <summary>
/// No encryption key is configured (<see cref="SecretsOptions.Keys"/>), so secrets can be neither stored nor read.
/// The API answers <c>409</c>; a step that uses a secret fails with error type <c>secret.not-configured</c>.
/// </summary>
[GenerateSerializer, Alias("automation.SecretsNotConfiguredException")]
public sealed class SecretsNotConfiguredException : AutomationException
{
    /// <summary>The message, naming the setting.</summary>
    public const string Explanation =
        "Secrets are not configured: set " + SecretsOptions.SectionName + ":Keys (for example the environment variable "
        + "Automation__Secrets__Keys__k1 to the output of 'openssl rand -base64 32') on the API and on every silo.";

    /// <summary>Creates the exception.</summary>
    public SecretsNotConfiguredException()
        : base(Explanation)
    {
    }
}
