using System.Text.Json;
using Automation.Engine.Workflows;

namespace Automation.Engine.Steps;

/// <summary>
/// A step kind that runs child workflows (<c>workflow</c>, <c>foreach</c>, <c>parallel</c>): its activation returns
/// <see cref="StepActivation.RunChildren"/>, and the engine asks it for each child and, at the end, for the output.
/// </summary>
public interface IChildStepKind : IStepKind
{
    /// <summary>The steps the kind runs inline as subflows of the definition, for the parser to validate and keep.</summary>
    /// <param name="stepId">The step id.</param>
    /// <param name="with">The step's arguments as written.</param>
    /// <param name="path">The JSON path of <paramref name="with"/>.</param>
    /// <returns>Each subflow's key (<c>stepId</c> or <c>stepId.branch</c>), the JSON path of its steps array, the array and the optional output template.</returns>
    IEnumerable<InlineSubflow> Subflows(string stepId, JsonElement with, string path);

    /// <summary>The top-level properties of <c>with</c> whose templates are rendered in the child, not the parent (e.g. <c>steps</c>); the parser does not check their step references against the parent's graph.</summary>
    IReadOnlySet<string> ChildProperties { get; }

    /// <summary>The definitions the step starts by a literal name (not a template), for registration to check they exist.</summary>
    /// <param name="with">The step's arguments as written.</param>
    /// <param name="path">The JSON path of <paramref name="with"/>.</param>
    /// <returns>Each reference with the JSON path of its <c>definition</c>, and the version when one is given.</returns>
    IEnumerable<(string Path, string Definition, int? Version)> References(JsonElement with, string path) =>
        with.ValueKind == JsonValueKind.Object && with.TryGetProperty("definition", out var d) && d.ValueKind == JsonValueKind.String
            && !Automation.Engine.Definitions.JsonChecks.IsTemplate(d)
            ? [($"{path}.definition", d.GetString()!, with.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) ? n : null)]
            : [];

    /// <summary>What child <paramref name="index"/> runs. Pure, and the same for the same context.</summary>
    /// <param name="context">The step's activation context (rendered arguments and scope).</param>
    /// <param name="index">The child's position, 0 to the plan's total minus one.</param>
    /// <returns>The child.</returns>
    /// <exception cref="Automation.Templates.TemplateException">The child's input failed to render; the step fails.</exception>
    ChildSpec Child(StepActivationContext context, int index);

    /// <summary>The step's output from its children's results.</summary>
    /// <param name="context">The step's activation context.</param>
    /// <param name="runs">The children's progress.</param>
    /// <param name="results">The results read, in the order of <see cref="WorkflowDecision.Collect"/>.</param>
    /// <returns>The output.</returns>
    JsonElement Output(StepActivationContext context, ChildRuns runs, IReadOnlyList<ChildResult> results);
}
