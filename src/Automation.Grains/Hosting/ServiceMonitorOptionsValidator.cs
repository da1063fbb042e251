using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Validates <see cref="ServiceMonitorOptions"/> at start-up.</summary>
internal sealed class ServiceMonitorOptionsValidator : IValidateOptions<ServiceMonitorOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ServiceMonitorOptions options)
    {
        var failures = new List<string>();
        var section = ServiceMonitorOptions.SectionName;
        if (options.MinimumInterval < TimeSpan.FromMilliseconds(100))
        {
            failures.Add($"{section}:MinimumInterval must be at least 100ms (was {options.MinimumInterval}).");
        }

        if (options.HistoryFlushInterval < TimeSpan.FromMilliseconds(100) || options.HistoryFlushInterval > TimeSpan.FromMinutes(1))
        {
            failures.Add($"{section}:HistoryFlushInterval must be between 100ms and 1m (was {options.HistoryFlushInterval}).");
        }

        if (options.KeepProbes < 1)
        {
            failures.Add($"{section}:KeepProbes must be at least 1 (was {options.KeepProbes}).");
        }

        if (options.ProbeRetention < TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:ProbeRetention must be at least 1h (was {options.ProbeRetention}).");
        }

        if (options.TransitionRetention < TimeSpan.FromDays(7))
        {
            failures.Add($"{section}:TransitionRetention must be at least 7d, for uptime over 7 days (was {options.TransitionRetention}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
