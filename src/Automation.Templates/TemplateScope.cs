using System.Text.Json;

namespace Automation.Templates;

/// <summary>The data a template can read: the workflow input, completed step outputs and workflow identity.</summary>
/// <param name="Input">The workflow input, visible as <c>input</c>.</param>
/// <param name="StepOutputs">
/// The output of each completed step by step id, visible as <c>steps.&lt;id&gt;.output</c>. The engine passes a view of
/// the workflow's live state, valid during the call it is given to: render with it, do not keep it.
/// </param>
/// <param name="WorkflowId">The workflow instance id, visible as <c>workflow.id</c>.</param>
/// <param name="Definition">The definition name, visible as <c>workflow.definition</c>.</param>
/// <param name="Version">The definition version, visible as <c>workflow.version</c>.</param>
public sealed record TemplateScope(
    JsonElement Input,
    IReadOnlyDictionary<string, JsonElement> StepOutputs,
    string WorkflowId,
    string Definition,
    int Version);
