using Microsoft.Extensions.Options;

namespace Automation.Hosting;

/// <summary>Checks <see cref="RetentionOptions"/> at start-up; each failure names the setting.</summary>
public sealed class RetentionOptionsValidator : IValidateOptions<RetentionOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RetentionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.Minimum <= TimeSpan.Zero)
        {
            failures.Add($"{RetentionOptions.SectionName}:Minimum must be positive.");
        }

        if (options.Default < options.Minimum)
        {
            failures.Add($"{RetentionOptions.SectionName}:Default ({options.Default}) must be at least {RetentionOptions.SectionName}:Minimum ({options.Minimum}).");
        }

        if (options.ResolvedAlerts < TimeSpan.FromHours(1))
        {
            failures.Add($"{RetentionOptions.SectionName}:ResolvedAlerts must be at least 1 hour (was {options.ResolvedAlerts}).");
        }

        if (options.Interval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{RetentionOptions.SectionName}:Interval must be at least 1 second.");
        }

        if (options.BatchSize is < 1 or > 10_000)
        {
            failures.Add($"{RetentionOptions.SectionName}:BatchSize must be between 1 and 10000.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
