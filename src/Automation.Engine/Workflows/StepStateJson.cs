using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Engine.Workflows;

/// <summary>
/// The JSON form of a <see cref="StepState"/> in the step archive: every member round-trips exactly, including an
/// output that is the JSON value <c>null</c> (which a plain <c>JsonElement?</c> would read back as no output).
/// </summary>
public static class StepStateJson
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        // Absent members read back as their defaults; every nullable member of StepState defaults to null.
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new NullableJsonElementConverter() },
    };

    /// <summary>Writes a step's state.</summary>
    /// <param name="step">The step.</param>
    /// <returns>The JSON text.</returns>
    public static string Serialize(StepState step) => JsonSerializer.Serialize(step, Options);

    /// <summary>Reads a step's state written by <see cref="Serialize"/>.</summary>
    /// <param name="json">The JSON text.</param>
    /// <returns>The step.</returns>
    /// <exception cref="JsonException">The text is not a step state.</exception>
    public static StepState Deserialize(string json) =>
        JsonSerializer.Deserialize<StepState>(json, Options) ?? throw new JsonException("A step state is the JSON null.");

    /// <summary>
    /// A C# null is never written (<see cref="JsonIgnoreCondition.WhenWritingNull"/>), so a <c>null</c> token that is
    /// read is a JSON null value, kept as a <see cref="JsonElement"/> of kind <see cref="JsonValueKind.Null"/>.
    /// </summary>
    private sealed class NullableJsonElementConverter : JsonConverter<JsonElement?>
    {
        public override bool HandleNull => true;

        public override JsonElement? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            JsonElement.ParseValue(ref reader);

        public override void Write(Utf8JsonWriter writer, JsonElement? value, JsonSerializerOptions options)
        {
            if (value is { } element)
            {
                element.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }
        }
    }
}
