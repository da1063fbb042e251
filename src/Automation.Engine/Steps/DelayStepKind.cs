using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps;

/// <summary><c>delay</c>: a durable timer run by a task grain; it fires at dispatch time + <c>with.duration</c>.</summary>
public sealed class DelayStepKind : IStepKind
{
    /// <inheritdoc />
    public string Type => "delay";

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, "duration");
        if (!with.TryGetProperty("duration", out var d))
        {
            errors.Add(new ValidationError($"{path}.duration", "Required: how long to wait, e.g. \"30s\"."));
        }
        else if (!JsonChecks.IsTemplate(d) && (d.ValueKind != JsonValueKind.String || !Duration.TryParse(d.GetString(), out _)))
        {
            var shown = d.ValueKind == JsonValueKind.String ? $"\"{d.GetString()}\"" : JsonChecks.Describe(d);
            errors.Add(new ValidationError($"{path}.duration", $"Must be a duration such as \"250ms\", \"30s\", \"5m\" or \"2h\", not {shown}."));
        }
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context) => StepActivation.RunTask;
}
