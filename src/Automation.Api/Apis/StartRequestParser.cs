using System.Text.Json;
using Automation.Api.Contracts;

namespace Automation.Api.Apis;

/// <summary>Validates a start request field by field so every mistake is named in one answer.</summary>
internal static class StartRequestParser
{
    private static readonly string[] Allowed = ["definition", "version", "workflowId", "input", "tags"];

    /// <summary>The one workflow id a start refuses: the path segment of the batch operations.</summary>
    public const string ReservedWorkflowId = "batch";

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
            if (w.ValueKind == JsonValueKind.String && w.GetString() == ReservedWorkflowId)
            {
                // GET /workflows/batch/{operationId} would shadow the workflow's own /history.
                errors.Add(("$.workflowId", $"'{ReservedWorkflowId}' is reserved for /api/v1/workflows/{ReservedWorkflowId}; choose another id."));
            }
            else if (w.ValueKind == JsonValueKind.String && ResourceNames.IsWorkflowId(w.GetString()))
            {
                workflowId = w.GetString();
            }
            else
            {
                errors.Add(("$.workflowId", $"Must be a string that is a valid workflow id: {ResourceNames.WorkflowIdRule}."));
            }
        }

        JsonElement? input = body.TryGetProperty("input", out var i) && i.ValueKind != JsonValueKind.Null ? i.Clone() : null;
        var tags = ParseTags(body, errors);
        return errors.Count == 0 ? new StartWorkflowRequest(definition!, version, workflowId, input, tags) : null;
    }

    private static List<string>? ParseTags(JsonElement body, List<(string Field, string Message)> errors)
    {
        if (!body.TryGetProperty("tags", out var t) || t.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (t.ValueKind != JsonValueKind.Array)
        {
            errors.Add(("$.tags", $"Must be an array of at most {ResourceNames.MaxTags} distinct strings."));
            return null;
        }

        if (t.GetArrayLength() > ResourceNames.MaxTags)
        {
            errors.Add(("$.tags", $"At most {ResourceNames.MaxTags} tags, not {t.GetArrayLength()}."));
            return null;
        }

        var tags = new List<string>();
        var index = 0;
        foreach (var item in t.EnumerateArray())
        {
            var value = item.ValueKind == JsonValueKind.String ? item.GetString() : null;
            if (!ResourceNames.IsTag(value))
            {
                errors.Add(($"$.tags[{index}]", $"Must be a string that is a valid tag: {ResourceNames.TagRule}."));
            }
            else if (tags.Contains(value!, StringComparer.Ordinal))
            {
                errors.Add(($"$.tags[{index}]", $"Duplicate tag '{value}': tags must be distinct."));
            }
            else
            {
                tags.Add(value!);
            }

            index++;
        }

        return tags;
    }
}
