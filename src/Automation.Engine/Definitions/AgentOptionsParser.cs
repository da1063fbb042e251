using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Steps;

namespace Automation.Engine.Definitions;

/// <summary>Parses the step-level <c>priority</c> and <c>timeouts</c> that only <c>agent</c> steps may have.</summary>
internal static class AgentOptionsParser
{
    private static readonly string[] TimeoutProperties = ["queue", "run", "heartbeat"];

    /// <summary>The agent options of an <c>agent</c> step (defaults filled in); <see langword="null"/> for other kinds, which get an error if they declare either.</summary>
    public static AgentStepOptions? Parse(JsonElement step, string? type, string path, List<ValidationError> errors)
    {
        var hasPriority = step.TryGetProperty("priority", out var priority) && priority.ValueKind != JsonValueKind.Null;
        var hasTimeouts = step.TryGetProperty("timeouts", out var timeouts) && timeouts.ValueKind != JsonValueKind.Null;
        if (type != AgentStepKind.TypeName)
        {
            if (hasPriority)
            {
                errors.Add(new ValidationError($"{path}.priority", "Only agent steps have a priority."));
            }

            if (hasTimeouts)
            {
                errors.Add(new ValidationError($"{path}.timeouts", "Only agent steps have timeouts (queue, run, heartbeat); other steps use 'timeout'."));
            }

            return null;
        }

        var value = AgentStepOptions.DefaultPriority;
        if (hasPriority)
        {
            if (priority.ValueKind != JsonValueKind.Number || !priority.TryGetInt32(out value) || value is < 0 or > 9)
            {
                errors.Add(new ValidationError($"{path}.priority", $"Must be an integer from 0 to 9 (higher runs first), not {JsonChecks.Describe(priority)}."));
                value = AgentStepOptions.DefaultPriority;
            }
        }

        var queue = AgentStepOptions.DefaultTimeout;
        var run = AgentStepOptions.DefaultTimeout;
        TimeSpan? heartbeat = null;
        if (hasTimeouts)
        {
            if (timeouts.ValueKind != JsonValueKind.Object)
            {
                errors.Add(new ValidationError($"{path}.timeouts", $"Must be an object with 'queue', 'run' and/or 'heartbeat' durations, not {JsonChecks.Describe(timeouts)}."));
            }
            else
            {
                JsonChecks.RejectUnknown(timeouts, $"{path}.timeouts", errors, TimeoutProperties);
                queue = Duration(timeouts, "queue", $"{path}.timeouts", errors) ?? queue;
                run = Duration(timeouts, "run", $"{path}.timeouts", errors) ?? run;
                heartbeat = Duration(timeouts, "heartbeat", $"{path}.timeouts", errors);
            }
        }

        return new AgentStepOptions(value, queue, run, heartbeat);
    }

    private static TimeSpan? Duration(JsonElement obj, string name, string path, List<ValidationError> errors)
    {
        if (!obj.TryGetProperty(name, out var t) || t.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (t.ValueKind == JsonValueKind.String && Automation.Duration.TryParse(t.GetString(), out var value) && value > TimeSpan.Zero && value <= DefinitionParser.MaxDuration)
        {
            return value;
        }

        errors.Add(new ValidationError($"{path}.{name}", $"Must be a positive duration of at most {Automation.Duration.Format(DefinitionParser.MaxDuration)} such as \"30s\", \"5m\" or \"1h\", not {(t.ValueKind == JsonValueKind.String ? $"\"{t.GetString()}\"" : JsonChecks.Describe(t))}."));
        return null;
    }
}
