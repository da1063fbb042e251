using System.ComponentModel.DataAnnotations;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/workflows</c>. Unknown properties are rejected.</summary>
/// <param name="Definition">The name of the definition to run.</param>
/// <param name="Version">The definition version to pin; the latest when omitted or null.</param>
/// <param name="WorkflowId">Your id for the workflow; starting the same id again returns the existing workflow. A UUID is generated when omitted or null.</param>
/// <param name="Input">The workflow input, any JSON; <c>{}</c> when omitted or null.</param>
/// <param name="Tags">Labels to filter listings by (<c>?tag=</c>): 0–20 distinct strings, each 1–64 letters, digits and <c>._:/=-</c>.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record StartWorkflowRequest(
    [property: RegularExpression(ResourceNames.DefinitionNamePattern)] string Definition,
    [property: Range(1, int.MaxValue)] int? Version = null,
    [property: RegularExpression(ResourceNames.WorkflowIdPattern)] string? WorkflowId = null,
    JsonElement? Input = null,
    [property: MaxLength(ResourceNames.MaxTags)] IReadOnlyList<string>? Tags = null);
