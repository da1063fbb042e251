using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Validates <see cref="EngineOptions"/> at start-up.</summary>
internal sealed class EngineOptionsValidator : IValidateOptions<EngineOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EngineOptions options)
    {
        var failures = new List<string>();
        if (options.ReminderPeriod < TimeSpan.FromSeconds(5))
        {
            failures.Add($"{EngineOptions.SectionName}:ReminderPeriod must be at least 5s (was {options.ReminderPeriod}).");
        }

        if (options.ReminderAfter < TimeSpan.Zero || options.ReminderAfter > options.ReminderPeriod)
        {
            failures.Add($"{EngineOptions.SectionName}:ReminderAfter must be between 0 and ReminderPeriod ({options.ReminderPeriod}) (was {options.ReminderAfter}).");
        }

        if (options.ScheduleGrace < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{EngineOptions.SectionName}:ScheduleGrace must be at least 1s (was {options.ScheduleGrace}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
