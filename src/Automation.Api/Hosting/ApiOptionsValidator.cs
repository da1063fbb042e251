using Microsoft.Extensions.Options;

namespace Automation.Api.Hosting;

/// <summary>Checks <see cref="ApiOptions"/> at start-up; each failure names the setting.</summary>
internal sealed class ApiOptionsValidator : IValidateOptions<ApiOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ApiOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        const string section = ApiOptions.SectionName;
        var failures = new List<string>();
        if (options.MaxRequestBodyBytes is < 1024 or > 1L << 30)
        {
            failures.Add($"{section}:MaxRequestBodyBytes must be 1024 to 1073741824 (was {options.MaxRequestBodyBytes}).");
        }

        if (options.MaxWait <= TimeSpan.Zero || options.MaxWait > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:MaxWait must be positive and at most 1 hour (was {options.MaxWait}).");
        }

        if (options.EventStreamMaxDuration <= TimeSpan.Zero || options.EventStreamMaxDuration > TimeSpan.FromHours(24))
        {
            failures.Add($"{section}:EventStreamMaxDuration must be positive and at most 24 hours (was {options.EventStreamMaxDuration}).");
        }

        if (options.DashboardCacheDuration < TimeSpan.Zero || options.DashboardCacheDuration > TimeSpan.FromMinutes(5))
        {
            failures.Add($"{section}:DashboardCacheDuration must be 0 to 5 minutes (was {options.DashboardCacheDuration}).");
        }

        if (options.ResponseTimeout < TimeSpan.FromSeconds(2))
        {
            failures.Add($"{section}:ResponseTimeout must be at least 2 seconds (was {options.ResponseTimeout}).");
        }

        if (options.MetricsPort is < 1 or > 65535)
        {
            failures.Add($"{section}:MetricsPort must be a TCP port, 1 to 65535 (was {options.MetricsPort}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
