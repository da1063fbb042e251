using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>delay</c>: a durable timer inside the workflow. The due time (dispatch time + <c>with.duration</c>) is in the
/// workflow's state, so a restart resumes the remaining wait; no task grain and no write of its own.
/// </summary>
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
    public StepActivation Activate(StepActivationContext context)
    {
        var text = context.With.TryGetProperty("duration", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        return Duration.TryParse(text, out var duration)
            ? StepActivation.WaitUntil(context.Now + duration)
            : StepActivation.Fail(new StepError("invalid-input", $"with.duration '{text}' is not a duration such as \"30s\".", Retryable: false));
    }

    /// <inheritdoc />
    public StepActivation Wake(StepWakeContext context) =>
        StepActivation.Complete(JsonSerializer.SerializeToElement(new { firedAt = context.DueAt }));
}
