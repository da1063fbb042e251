using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;

namespace Automation.Engine.Steps;

/// <summary><c>transform</c>: the output is <c>with.value</c> after template rendering. Pure, so it completes inside the workflow's turn.</summary>
public sealed class TransformStepKind : IStepKind
{
    /// <inheritdoc />
    public string Type => "transform";

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        if (!with.TryGetProperty("value", out _))
        {
            errors.Add(new ValidationError($"{path}.value", "Required: the JSON value (templates allowed) that becomes the step's output."));
        }

        JsonChecks.RejectUnknown(with, path, errors, "value");
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context) =>
        StepActivation.Complete(context.With.GetProperty("value").Clone());
}
