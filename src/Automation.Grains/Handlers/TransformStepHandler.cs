using System.Text.Json;
using Automation.Definitions;

namespace Automation.Grains.Handlers;

/// <summary><c>transform</c>: the output is <c>with.value</c> after template rendering. Pure, so it runs inline in the workflow grain.</summary>
internal sealed class TransformStepHandler : IStepHandler
{
    /// <inheritdoc />
    public string Type => "transform";

    /// <inheritdoc />
    public StepExecutionMode Mode => StepExecutionMode.Inline;

    /// <inheritdoc />
    public bool HasAttemptTimeout => false;

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
    public Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken) =>
        Task.FromResult(StepResult.Success(context.With.GetProperty("value").Clone()));
}
