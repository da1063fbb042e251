using System.Text.Json;
using Automation.Api.Contracts;

namespace Automation.Api.Apis;

/// <summary>Validates a start request field by field so every mistake is named in one answer.</summary>
internal static class StartRequestParser
{
    private static readonly string[] Allowed = ["definition", "version", "workflowId", "input"];

    /// <summary>Parses the body; returns the request or the errors.</summary>
    public static StartWorkflowRequest? Parse(JsonElement body, List<(string Field, string Message)> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("$", "The body must be a JSON object."));
            return null;
        }

        foreach (var p in body.EnumerateObject().Where(p => !Allowed.Contains(p.Name)))
        {
            errors.Add(($"$.{p.Name}", $"Unknown property '{p.Name}'. Allowed: {string.Join(", ", Allowed)}."));
        }

        string? definition = null;
        if (!body.TryGetProperty("definition", out var d) || d.ValueKind == JsonValueKind.Null)
        {
            errors.Add(("$.definition", "Required: the name of the definition to run."));
        }
        else if (d.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(d.GetString()))
        {
            errors.Add(("$.definition", "Must be a non-empty string."));
        }
        else if (!ResourceNames.IsDefinitionName(d.GetString()))
        {
            errors.Add(("$.definition", $"Not a valid definition name: {ResourceNames.DefinitionNameRule}."));
        }
        else
        {
            definition = d.GetString();
        }

        int? version = null;
        if (body.TryGetProperty("version", out var v) && v.ValueKind != JsonValueKind.Null)
        {
            if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var n) && n >= 1)
            {
                version = n;
            }
            else
            {
                errors.Add(("$.version", "Must be a whole number of at least 1."));
            }
        }

        string? workflowId = null;
        if (body.TryGetProperty("workflowId", out var w) && w.ValueKind != JsonValueKind.Null)
        {
            if (w.ValueKind == JsonValueKind.String && ResourceNames.IsWorkflowId(w.GetString()))
            {
                workflowId = w.GetString();
            }
            else
            {
                errors.Add(("$.workflowId", $"Must be a string that is a valid workflow id: {ResourceNames.WorkflowIdRule}."));
            }
        }

        JsonElement? input = body.TryGetProperty("input", out var i) && i.ValueKind != JsonValueKind.Null ? i.Clone() : null;
        return errors.Count == 0 ? new StartWorkflowRequest(definition!, version, workflowId, input) : null;
    }
}
