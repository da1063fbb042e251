using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Steps.Transforms;
using Automation.Templates;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>transform</c>: the output is <c>with.value</c> after template rendering, or, in the pipeline form, an array from
/// <c>input</c> or <c>csv</c> put through <c>operations</c> (<see cref="TransformPipeline"/>). Pure, so it completes inside
/// the workflow's turn; its failures are never retried.
/// </summary>
public sealed class TransformStepKind : IStepKind
{
    private static readonly string[] Allowed = ["value", .. TransformPipeline.Properties];

    /// <inheritdoc />
    public string Type => "transform";

    /// <inheritdoc />
    public IReadOnlySet<string> RawArguments => TransformPipeline.RawProperties;

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        var pipeline = TransformPipeline.Properties.Where(p => with.TryGetProperty(p, out _)).ToList();
        var hasValue = with.TryGetProperty("value", out _);
        if (hasValue && pipeline.Count > 0)
        {
            errors.Add(new ValidationError(path, $"Use either 'value' (a template for the output) or the pipeline form ('input' or 'csv', 'operations', 'output'), not both: remove '{pipeline[0]}' or 'value'."));
        }
        else if (!hasValue && pipeline.Count == 0)
        {
            errors.Add(new ValidationError($"{path}.value", "Required: the JSON value (templates allowed) that becomes the step's output, or 'input' (or 'csv') with 'operations'."));
        }
        else if (pipeline.Count > 0)
        {
            TransformPipeline.Validate(with, path, errors);
        }

        JsonChecks.RejectUnknown(with, path, errors, Allowed);
    }

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context)
    {
        if (context.With.TryGetProperty("value", out var value))
        {
            return StepActivation.Complete(value.Clone());
        }

        if (context.Scope is not { } scope)
        {
            return StepActivation.Fail(new StepError("internal", "The engine did not supply the template scope a transform pipeline needs.", Retryable: false));
        }

        try
        {
            return StepActivation.Complete(TransformPipeline.Run(context.With, scope));
        }
        catch (TransformException e)
        {
            return StepActivation.Fail(e.ToStepError());
        }
        catch (TemplateException e)
        {
            return StepActivation.Fail(new StepError("template", e.Message, Retryable: false));
        }
    }
}
