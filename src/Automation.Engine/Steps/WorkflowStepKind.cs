using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Workflows;
using Automation.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// <c>workflow</c>: starts a child workflow and waits for it. <c>with</c>: <c>definition</c> (required), <c>version</c>
/// (default: the latest), <c>input</c> (any JSON, templates rendered in the parent), <c>id</c> (the child's id; default
/// <c>{parent}:{step}:0</c>). The child's output becomes the step's output; a child that does not complete fails the
/// step with <c>child.failed</c>. Cancelling, terminating or failing the parent cancels the child.
/// </summary>
public sealed class WorkflowStepKind : IChildStepKind
{
    private static readonly IReadOnlySet<string> None = new HashSet<string>();

    /// <inheritdoc />
    public string Type => "workflow";

    /// <inheritdoc />
    public IReadOnlySet<string> ChildProperties => None;

    /// <inheritdoc />
    public void Validate(JsonElement with, string path, ICollection<ValidationError> errors)
    {
        JsonChecks.RejectUnknown(with, path, errors, "definition", "version", "input", "id");
        ChildArguments.ValidateDefinition(with, path, errors, required: true);
        if (with.TryGetProperty("id", out var id) && id.ValueKind != JsonValueKind.Null
            && (id.ValueKind != JsonValueKind.String || (!JsonChecks.IsTemplate(id) && !ChildArguments.WorkflowIdPattern().IsMatch(id.GetString()!))))
        {
            errors.Add(new ValidationError($"{path}.id", $"Must be a workflow id (letters, digits and . _ : @ -, at most 200) or a template, not {JsonChecks.Describe(id)}."));
        }
    }

    /// <inheritdoc />
    public IEnumerable<InlineSubflow> Subflows(string stepId, JsonElement with, string path) => [];

    /// <inheritdoc />
    public StepActivation Activate(StepActivationContext context)
    {
        var (_, _, error) = ChildArguments.ReadDefinition(context.With);
        if (error is not null)
        {
            return StepActivation.Fail(error);
        }

        string? id = null;
        if (context.With.TryGetProperty("id", out var given) && given.ValueKind != JsonValueKind.Null)
        {
            if (given.ValueKind != JsonValueKind.String || !ChildArguments.WorkflowIdPattern().IsMatch(given.GetString()!))
            {
                return StepActivation.Fail(new StepError("child.id-invalid", $"'id' rendered {JsonChecks.Describe(given)}, which is not a workflow id.", Retryable: false));
            }

            id = given.GetString();
            if (id == context.WorkflowId)
            {
                return StepActivation.Fail(new StepError("child.id-invalid", $"A child workflow cannot have its parent's id '{id}'.", Retryable: false));
            }
        }

        return StepActivation.RunChildren(new ChildPlan(1, 1, FailFast: true, CustomId: id));
    }

    /// <inheritdoc />
    public ChildSpec Child(StepActivationContext context, int index)
    {
        var (definition, version, _) = ChildArguments.ReadDefinition(context.With);
        var input = context.With.TryGetProperty("input", out var i) ? i : JsonSerializer.SerializeToElement(new { });
        return new ChildSpec(definition, version, null, input);
    }

    /// <inheritdoc />
    public JsonElement Output(StepActivationContext context, ChildRuns runs, IReadOnlyList<ChildResult> results) =>
        results[0].Output ?? JsonSerializer.SerializeToElement<object?>(null);
}
