using Microsoft.Extensions.Options;

namespace Automation.Api.Security;

/// <summary>Refuses to start with settings that would leave the API unprotected; never echoes a key.</summary>
internal sealed class AuthOptionsValidator : IValidateOptions<AuthOptions>
{
    private const string Section = AuthOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AuthOptions options)
    {
        var errors = new List<string>();
        if (options.SigningKeys.Count == 0)
        {
            errors.Add($"{Section}:SigningKeys is empty: configure at least one key (base64 of 32 or more random bytes), e.g. " +
                $"{Section.Replace(":", "__", StringComparison.Ordinal)}__SigningKeys__k1=$(openssl rand -base64 32).");
        }

        foreach (var (kid, value) in options.SigningKeys)
        {
            if (!IsKeyId(kid))
            {
                errors.Add($"{Section}:SigningKeys: key ids use 1–64 letters, digits, '-' and '_'.");
            }

            var bytes = new byte[value.Length];
            if (!Convert.TryFromBase64String(value, bytes, out var length))
            {
                errors.Add($"{Section}:SigningKeys:{kid} is not base64.");
            }
            else if (length < 32)
            {
                errors.Add($"{Section}:SigningKeys:{kid} is {length} bytes long; use at least 32 random bytes.");
            }
        }

        if (options.SigningKeys.Count > 0 && !options.SigningKeys.ContainsKey(options.ActiveSigningKey))
        {
            errors.Add($"{Section}:ActiveSigningKey must name one of {Section}:SigningKeys ({string.Join(", ", options.SigningKeys.Keys)}).");
        }

        if (options.AccessTokenLifetime <= TimeSpan.Zero || options.AccessTokenLifetime > TimeSpan.FromHours(24))
        {
            errors.Add($"{Section}:AccessTokenLifetime must be between 0 and 24 hours.");
        }

        if (options.RefreshTokenLifetime <= TimeSpan.Zero)
        {
            errors.Add($"{Section}:RefreshTokenLifetime must be positive.");
        }

        if (options.ClockSkew < TimeSpan.Zero || options.ClockSkew > TimeSpan.FromMinutes(5))
        {
            errors.Add($"{Section}:ClockSkew must be between 0 and 5 minutes.");
        }

        if (options.MaxFailedSignIns < 1)
        {
            errors.Add($"{Section}:MaxFailedSignIns must be at least 1.");
        }

        if (options.PasswordPolicy.MinLength < 8 || options.PasswordPolicy.MaxLength < options.PasswordPolicy.MinLength || options.PasswordPolicy.MaxLength > 1024)
        {
            errors.Add($"{Section}:PasswordPolicy: MinLength must be at least 8 and MaxLength between MinLength and 1024.");
        }

        if (options.Oidc.Issuer.Length > 0)
        {
            if (!Uri.TryCreate(options.Oidc.Issuer, UriKind.Absolute, out _))
            {
                errors.Add($"{Section}:Oidc:Issuer must be an absolute URL.");
            }

            if (options.Oidc.Audience.Length == 0)
            {
                errors.Add($"{Section}:Oidc:Audience is required when {Section}:Oidc:Issuer is set.");
            }

            if (options.Oidc.Issuer == options.Issuer)
            {
                errors.Add($"{Section}:Oidc:Issuer must differ from {Section}:Issuer.");
            }
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private static bool IsKeyId(string kid) =>
        kid.Length is > 0 and <= 64 && kid.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');
}
