using System.Text.Json;

namespace Automation.Engine.Steps;

/// <summary>Reads a rendered condition (<c>when</c>, a <c>switch</c> case) as a boolean.</summary>
public static class Conditions
{
    /// <summary>
    /// A condition holds when it rendered to JSON <c>true</c>, or to the string <c>"true"</c> (what an interpolated
    /// template or an <c>{% if %}</c> tag renders); <c>false</c> and <c>"false"</c> do not. Anything else is an error.
    /// </summary>
    /// <param name="rendered">The rendered condition.</param>
    /// <param name="value">The boolean, when it is one.</param>
    /// <returns>Whether it rendered to a boolean.</returns>
    public static bool TryRead(JsonElement rendered, out bool value)
    {
        switch (rendered.ValueKind)
        {
            case JsonValueKind.True:
                value = true;
                return true;
            case JsonValueKind.False:
                value = false;
                return true;
            case JsonValueKind.String when rendered.GetString()!.Trim() is "true" or "false":
                value = rendered.GetString()!.Trim() == "true";
                return true;
            default:
                value = false;
                return false;
        }
    }

    /// <summary>Describes what a condition rendered to, for the error that says it is not a boolean.</summary>
    /// <param name="rendered">The rendered value.</param>
    /// <returns>A short description, e.g. <c>the number 3</c>.</returns>
    public static string Describe(JsonElement rendered)
    {
        var text = rendered.GetRawText();
        if (text.Length > 80)
        {
            text = text[..77] + "...";
        }

        return rendered.ValueKind switch
        {
            JsonValueKind.String => $"the string {text}",
            JsonValueKind.Number => $"the number {text}",
            JsonValueKind.Null => "null",
            JsonValueKind.Object => $"the object {text}",
            JsonValueKind.Array => $"the array {text}",
            _ => text,
        };
    }
}
