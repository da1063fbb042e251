namespace Automation.Api.Security;

/// <summary>Checks a new password against <see cref="PasswordPolicyOptions"/>.</summary>
public static class PasswordPolicy
{
    /// <summary>Every rule <paramref name="password"/> breaks, as sentences; empty when it is acceptable.</summary>
    /// <param name="options">The policy.</param>
    /// <param name="password">The candidate.</param>
    /// <param name="username">The user's name, which the password must not contain.</param>
    /// <returns>The reasons.</returns>
    public static IReadOnlyList<string> Check(PasswordPolicyOptions options, string password, string username)
    {
        var errors = new List<string>();
        if (password.Length < options.MinLength)
        {
            errors.Add($"must be at least {options.MinLength} characters long");
        }

        if (password.Length > options.MaxLength)
        {
            errors.Add($"must be at most {options.MaxLength} characters long");
        }

        if (options.RequireDigit && !password.Any(char.IsDigit))
        {
            errors.Add("must contain a digit");
        }

        if (options.RequireUppercase && !password.Any(char.IsUpper))
        {
            errors.Add("must contain an upper-case letter");
        }

        if (options.RequireLowercase && !password.Any(char.IsLower))
        {
            errors.Add("must contain a lower-case letter");
        }

        if (options.RequireSymbol && password.All(char.IsLetterOrDigit))
        {
            errors.Add("must contain a character that is neither a letter nor a digit");
        }

        if (password.Distinct().Count() < options.MinDistinct)
        {
            errors.Add($"must contain at least {options.MinDistinct} different characters");
        }

        if (username.Length >= 3 && password.Contains(username, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("must not contain the username");
        }

        return errors;
    }
}
