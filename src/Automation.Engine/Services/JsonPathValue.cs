using System.Globalization;
using System.Text.Json;

namespace Automation.Engine.Services;

/// <summary>Reads a value at a simple JSON path (<c>$</c>, <c>.name</c>, <c>[index]</c>) for an http probe's body check.</summary>
public static class JsonPathValue
{
    /// <summary>Whether <paramref name="path"/> is a path this reader understands.</summary>
    /// <param name="path">The path.</param>
    /// <returns><see langword="true"/> when valid.</returns>
    public static bool IsValid(string? path) => path is not null && Segments(path) is not null;

    /// <summary>Reads the value at <paramref name="path"/>.</summary>
    /// <param name="root">The document.</param>
    /// <param name="path">The path.</param>
    /// <param name="value">The value found.</param>
    /// <returns>Whether there is a value there.</returns>
    public static bool TryRead(JsonElement root, string path, out JsonElement value)
    {
        value = root;
        if (Segments(path) is not { } segments)
        {
            return false;
        }

        foreach (var segment in segments)
        {
            if (segment is int index)
            {
                if (value.ValueKind != JsonValueKind.Array || index >= value.GetArrayLength())
                {
                    return false;
                }

                value = value[index];
            }
            else if (value.ValueKind != JsonValueKind.Object || !value.TryGetProperty((string)segment, out value))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The value as text for comparison: a string's value, otherwise its JSON text.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The text.</returns>
    public static string Text(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    private static List<object>? Segments(string path)
    {
        if (!path.StartsWith('$'))
        {
            return null;
        }

        var segments = new List<object>();
        var i = 1;
        while (i < path.Length)
        {
            if (path[i] == '.')
            {
                var end = i + 1;
                while (end < path.Length && path[end] != '.' && path[end] != '[')
                {
                    end++;
                }

                if (end == i + 1)
                {
                    return null;
                }

                segments.Add(path[(i + 1)..end]);
                i = end;
            }
            else if (path[i] == '[')
            {
                var close = path.IndexOf(']', i);
                if (close < 0 || !int.TryParse(path.AsSpan(i + 1, close - i - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var index))
                {
                    return null;
                }

                segments.Add(index);
                i = close + 1;
            }
            else
            {
                return null;
            }
        }

        return segments;
    }
}
