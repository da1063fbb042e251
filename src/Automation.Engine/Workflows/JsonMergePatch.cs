using System.Text.Json;
using System.Text.Json.Nodes;

namespace Automation.Engine.Workflows;

/// <summary>JSON Merge Patch (RFC 7396): how <c>POST /workflows/{id}/retry</c> patches a workflow's input.</summary>
public static class JsonMergePatch
{
    /// <summary>Applies <paramref name="patch"/> to <paramref name="target"/>: objects merge member by member, <c>null</c> removes a member, anything else replaces.</summary>
    /// <param name="target">The document to patch.</param>
    /// <param name="patch">The patch.</param>
    /// <returns>The patched document.</returns>
    public static JsonElement Apply(JsonElement target, JsonElement patch)
    {
        var result = Apply(target.ValueKind == JsonValueKind.Undefined ? null : JsonNode.Parse(target.GetRawText()), patch);
        return result is null ? JsonSerializer.SerializeToElement<object?>(null) : JsonSerializer.SerializeToElement(result);
    }

    private static JsonNode? Apply(JsonNode? target, JsonElement patch)
    {
        if (patch.ValueKind != JsonValueKind.Object)
        {
            return JsonNode.Parse(patch.GetRawText());
        }

        var obj = target as JsonObject ?? [];
        foreach (var member in patch.EnumerateObject())
        {
            if (member.Value.ValueKind == JsonValueKind.Null)
            {
                obj.Remove(member.Name);
                continue;
            }

            var current = obj[member.Name];
            obj.Remove(member.Name);
            obj[member.Name] = Apply(current, member.Value);
        }

        return obj;
    }
}
