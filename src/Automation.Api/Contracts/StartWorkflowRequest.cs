using System.Text.Json;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/workflows</c>.</summary>
/// <param name="Definition">The definition name (required).</param>
/// <param name="Version">The definition version to pin; the latest when omitted.</param>
/// <param name="WorkflowId">Your id for the workflow; starting the same id again returns the existing workflow. Generated when omitted.</param>
/// <param name="Input">The workflow input; <c>{}</c> when omitted.</param>
public sealed record StartWorkflowRequest(string Definition, int? Version, string? WorkflowId, JsonElement? Input);
