using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Fluid.Values;

namespace Automation.Templates;

/// <summary>Conversions between JSON values and Fluid values.</summary>
internal static class FluidJson
{
    /// <summary>Writer options for JSON produced by templates: compact, readable escaping.</summary>
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Indented = false,
    };

    /// <summary>Wraps a JSON value as a Fluid value; objects and arrays are wrapped lazily, not copied.</summary>
    /// <param name="element">The JSON value.</param>
    /// <returns>The Fluid value.</returns>
    public static FluidValue ToFluid(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => new JsonObjectValue(element),
        JsonValueKind.Array => new JsonArrayValue(element),
        JsonValueKind.String => new StringValue(element.GetString() ?? string.Empty),
        JsonValueKind.Number => element.TryGetDecimal(out var number)
            ? NumberValue.Create(number)
            : new StringValue(element.GetRawText()),
        JsonValueKind.True => BooleanValue.True,
        JsonValueKind.False => BooleanValue.False,
        _ => NilValue.Instance,
    };

    /// <summary>Writes a Fluid value as JSON, keeping its type.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="value">The value.</param>
    public static void Write(Utf8JsonWriter writer, FluidValue value)
    {
        switch (value)
        {
            case JsonObjectValue json:
                json.Element.WriteTo(writer);
                break;
            case JsonArrayValue json:
                json.Element.WriteTo(writer);
                break;
            case TemplateMapValue map:
                writer.WriteStartObject();
                foreach (var (name, member) in map.Members)
                {
                    writer.WritePropertyName(name);
                    Write(writer, member);
                }

                writer.WriteEndObject();
                break;
            case ArrayValue array:
                writer.WriteStartArray();
                foreach (var item in array.Values)
                {
                    Write(writer, item);
                }

                writer.WriteEndArray();
                break;
            case NumberValue number:
                WriteNumber(writer, number.ToNumberValue());
                break;
            case BooleanValue boolean:
                writer.WriteBooleanValue(boolean.ToBooleanValue());
                break;
            case BinaryExpressionFluidValue comparison:
                // A comparison such as {{ item.price < 10 }}: Fluid keeps the left operand for Liquid's output, but the
                // value of the expression is the comparison, so conditions and typed outputs see a boolean.
                writer.WriteBooleanValue(comparison.ToBooleanValue());
                break;
            case StringValue text:
                writer.WriteStringValue(text.ToStringValue());
                break;
            case DateTimeValue date:
                writer.WriteStringValue(date.ToObjectValue() is DateTimeOffset offset
                    ? offset.ToString("O", CultureInfo.InvariantCulture)
                    : date.ToStringValue());
                break;
            case BaseNilValue:
            case EmptyValue:
            case BlankValue:
                writer.WriteNullValue();
                break;
            default:
                writer.WriteStringValue(value.ToStringValue());
                break;
        }
    }

    /// <summary>Writes a number, without a decimal point or trailing zeros when it is a whole number.</summary>
    /// <param name="writer">Where to write.</param>
    /// <param name="number">The number.</param>
    public static void WriteNumber(Utf8JsonWriter writer, decimal number)
    {
        // Dividing by 1 with 28 decimal zeros drops trailing zeros: 3.0m becomes 3m, 2.50m becomes 2.5m.
        writer.WriteNumberValue(number / 1.0000000000000000000000000000m);
    }

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

    /// <summary>Serialises a Fluid value as compact JSON.</summary>
    /// <param name="value">The value.</param>
    /// <returns>The JSON text.</returns>
    public static string ToJsonString(FluidValue value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(writer, value);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
