using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;

namespace Automation.Api.OpenApi;

/// <summary>
/// Schemas for parameters the API binds as strings and parses itself (so that a bad value is a 400 naming it):
/// the document states the type the server really accepts.
/// </summary>
internal static class ParameterSchemas
{
    /// <summary>A whole number of at least 1.</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> PositiveInteger() =>
        _ => new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1" };

    /// <summary>A 64-bit whole number at or above a minimum, with a default (e.g. an event sequence).</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> Long(long minimum, long defaultValue) =>
        _ => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int64",
            Minimum = minimum.ToString(CultureInfo.InvariantCulture),
            Default = System.Text.Json.Nodes.JsonValue.Create(defaultValue),
        };

    /// <summary>A whole number in a range, with a default.</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> Integer(int minimum, int maximum, int defaultValue) =>
        _ => new OpenApiSchema
        {
            Type = JsonSchemaType.Integer,
            Format = "int32",
            Minimum = minimum.ToString(CultureInfo.InvariantCulture),
            Maximum = maximum.ToString(CultureInfo.InvariantCulture),
            Default = JsonValue.Create(defaultValue),
        };

    /// <summary>An ISO 8601 timestamp.</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> DateTime() =>
        _ => new OpenApiSchema { Type = JsonSchemaType.String, Format = "date-time" };

    /// <summary>A duration string such as <c>250ms</c>, <c>30s</c>, <c>5m</c>.</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> Duration() =>
        _ => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = @"^\d+(\.\d+)?(ms|s|m|h|d)$" };

    /// <summary>A string matching a pattern, at most <paramref name="maxLength"/> characters.</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> Pattern(string pattern, int maxLength) =>
        _ => new OpenApiSchema { Type = JsonSchemaType.String, Pattern = pattern, MaxLength = maxLength };

    /// <summary>A repeatable parameter: an array of at most <paramref name="maxItems"/> items of the given schema.</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> ArrayOf(Func<OpenApiDocument?, IOpenApiSchema> items, int maxItems) =>
        document => new OpenApiSchema { Type = JsonSchemaType.Array, Items = items(document), MaxItems = maxItems };

    /// <summary>The enum's component schema (its names, as the JSON bodies carry them).</summary>
    public static Func<OpenApiDocument?, IOpenApiSchema> EnumOf<TEnum>()
        where TEnum : struct, Enum =>
        document => document is not null
            ? new OpenApiSchemaReference(typeof(TEnum).Name, document)
            : new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Enum.GetNames<TEnum>().Select(n => (JsonNode)JsonValue.Create(n))] };
}
