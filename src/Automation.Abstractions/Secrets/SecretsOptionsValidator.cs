using Microsoft.Extensions.Options;

namespace Automation.Secrets;

/// <summary>Validates <see cref="SecretsOptions"/> at start-up, naming the setting and never echoing a key.</summary>
internal sealed class SecretsOptionsValidator : IValidateOptions<SecretsOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, SecretsOptions options)
    {
        var problems = new List<string>();
        SecretKeyRing.Load(options, problems);
        return problems.Count > 0 ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
