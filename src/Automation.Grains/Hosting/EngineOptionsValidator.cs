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

        if (options.FinishedLinger < TimeSpan.Zero || options.FinishedLinger > TimeSpan.FromHours(1))
        {
            failures.Add($"{EngineOptions.SectionName}:FinishedLinger must be between 0 and 1h (was {options.FinishedLinger}).");
        }

        if (options.ScheduleGrace < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{EngineOptions.SectionName}:ScheduleGrace must be at least 1s (was {options.ScheduleGrace}).");
        }

        if (options.AgentQueuePartitions is < 1 or > 256)
        {
            failures.Add($"{EngineOptions.SectionName}:AgentQueuePartitions must be 1 to 256 (was {options.AgentQueuePartitions}).");
        }

        if (options.AgentHeartbeatInterval < TimeSpan.FromSeconds(1))
        {
            failures.Add($"{EngineOptions.SectionName}:AgentHeartbeatInterval must be at least 1s (was {options.AgentHeartbeatInterval}).");
        }

        if (options.AgentFinishedRetention < TimeSpan.FromMinutes(1))
        {
            failures.Add($"{EngineOptions.SectionName}:AgentFinishedRetention must be at least 1m (was {options.AgentFinishedRetention}).");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }
}
