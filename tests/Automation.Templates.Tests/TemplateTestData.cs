using System.Text.Json;

namespace Automation.Templates.Tests;

/// <summary>Builds JSON values and scopes for template tests.</summary>
internal static class TemplateTestData
{
    public static JsonElement Json(string json) => JsonElement.Parse(json);

    public static TemplateScope Scope(string input = "{}", IReadOnlyDictionary<string, string>? steps = null) =>
        new(
            Json(input),
            (steps ?? new Dictionary<string, string>()).ToDictionary(s => s.Key, s => Json(s.Value)),
            "wf-123",
            "orders",
            7);

    public static JsonElement Render(string template, TemplateScope scope) => JsonTemplate.Render(Json(template), scope);

    public static string Compact(JsonElement element) => JsonSerializer.Serialize(element);
}
