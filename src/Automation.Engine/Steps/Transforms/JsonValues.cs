using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Automation.Engine.Steps.Transforms;

/// <summary>Building and describing the JSON values that transform operations produce.</summary>
internal static class JsonValues
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Builds a JSON value by writing it.</summary>
    /// <param name="write">Writes exactly one JSON value.</param>
    /// <returns>The value, independent of any buffer.</returns>
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>Builds an array of values written one by one; returns its items.</summary>
    /// <param name="write">Writes the items (zero or more JSON values).</param>
    /// <returns>The items, in order.</returns>
    public static List<JsonElement> BuildItems(Action<Utf8JsonWriter> write)
    {
        var array = Build(writer =>
        {
            writer.WriteStartArray();
            write(writer);
            writer.WriteEndArray();
        });
        return [.. array.EnumerateArray()];
    }

    /// <summary>Writes a number without trailing zeros after the decimal point (<c>3.0</c> becomes <c>3</c>).</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="number">The number.</param>
    public static void WriteNumber(Utf8JsonWriter writer, decimal number) =>
        writer.WriteNumberValue(number / 1.0000000000000000000000000000m);

    /// <summary>Whether a value counts as true in a condition: anything but <c>false</c> and <c>null</c>, as in Liquid.</summary>
    /// <param name="value">The value.</param>
    /// <returns>Whether it is truthy.</returns>
    public static bool IsTruthy(JsonElement value) =>
        value.ValueKind is not (JsonValueKind.False or JsonValueKind.Null or JsonValueKind.Undefined);

    /// <summary>Describes a value for an error message: its kind and, when short, its text.</summary>
    /// <param name="value">The value.</param>
    /// <returns>For example <c>a string ("abc")</c> or <c>an object</c>.</returns>
    public static string Describe(JsonElement value)
    {
        var kind = Definitions.JsonChecks.Describe(value);
        if (value.ValueKind is JsonValueKind.String or JsonValueKind.Number)
        {
            var text = value.GetRawText();
            return text.Length <= 40 ? $"{kind} ({text})" : kind;
        }

        return kind;
    }

    /// <summary>Reads a number as a decimal.</summary>
    /// <param name="value">The value.</param>
    /// <param name="number">The number.</param>
    /// <returns>Whether the value is a number that fits a decimal.</returns>
    public static bool TryGetNumber(JsonElement value, out decimal number)
    {
        number = 0;
        return value.ValueKind == JsonValueKind.Number && value.TryGetDecimal(out number);
    }

    /// <summary>Formats a whole number for messages.</summary>
    /// <param name="number">The number.</param>
    /// <returns>The invariant text.</returns>
    public static string Show(long number) => number.ToString(CultureInfo.InvariantCulture);
}
