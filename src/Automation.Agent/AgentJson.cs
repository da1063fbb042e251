using System.Text.Json;

namespace Automation.Agent;

/// <summary>Turns a handler's output or progress details into JSON with the web defaults (camelCase).</summary>
internal static class AgentJson
{
    /// <summary>The most UTF-8 bytes of progress details the server accepts.</summary>
    public const int MaxDetailsBytes = 16 * 1024;

    private static readonly JsonElement Null = JsonDocument.Parse("null").RootElement.Clone();

    public static JsonElement ToElement(object? value) => value switch
    {
        null => Null,
        JsonElement element => element.ValueKind == JsonValueKind.Undefined ? Null : element,
        _ => JsonSerializer.SerializeToElement(value, value.GetType(), JsonSerializerOptions.Web),
    };
}
