using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Automation.Definitions;
using Json.Schema;

namespace Automation.Engine.Definitions;

/// <summary>
/// The optional <c>input</c> JSON Schema (draft 2020-12) of a definition: checked when the definition is registered and
/// evaluated against the start input of every workflow of that version.
/// </summary>
public static partial class InputSchema
{
    private const string Root = "$.input";
    private static readonly ConditionalWeakTable<WorkflowDefinition, JsonSchema> Compiled = [];

    [GeneratedRegex(@"\[.*\]", RegexOptions.Singleline)]
    private static partial Regex JsonArray();

    /// <summary>Checks the <c>input</c> property of a definition document; adds an error under <c>$.input</c> when it is not a valid schema.</summary>
    /// <param name="document">The definition document.</param>
    /// <param name="errors">Where errors go.</param>
    public static void Validate(JsonElement document, List<ValidationError> errors)
    {
        if (!document.TryGetProperty("input", out var schema) || schema.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (schema.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new ValidationError(Root, $"Must be a JSON Schema (draft 2020-12) object, not {JsonChecks.Describe(schema)}."));
            return;
        }

        // The meta-schema names every misplaced value by its path; building then catches what it cannot (e.g. a bad
        // regular expression). A schema that names another draft in $schema is left to the build alone.
        var declared = schema.TryGetProperty("$schema", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (declared is null || declared.StartsWith(MetaSchemas.Draft202012Id.ToString().TrimEnd('#'), StringComparison.Ordinal))
        {
            var meta = MetaSchemas.Draft202012.Evaluate(schema, new EvaluationOptions { OutputFormat = OutputFormat.List });
            if (!meta.IsValid)
            {
                var found = (meta.Details ?? []).Prepend(meta)
                    .SelectMany(node => (node.Errors ?? new Dictionary<string, string>()).Select(e => new ValidationError(
                        PathOf(schema, node.InstanceLocation.ToString()), $"Not a valid JSON Schema (draft 2020-12): {e.Value.TrimEnd('.')}.")))
                    .Distinct()
                    .ToList();
                if (found.Count > 0)
                {
                    errors.AddRange(found);
                    return;
                }
            }
        }

        var error = TryBuild(schema, out _);
        if (error is not null)
        {
            errors.Add(new ValidationError(Root, $"Not a valid JSON Schema (draft 2020-12): {error.TrimEnd('.')}."));
            return;
        }

        // The library resolves $ref lazily, during evaluation: check them now, so a bad reference fails the registration
        // and not every start. Only references inside the schema are allowed; nothing is ever fetched.
        var ids = new HashSet<string>(StringComparer.Ordinal);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        var refs = new List<(string Path, string Ref)>();
        Collect(schema, Root, ids, anchors, refs);
        foreach (var (path, reference) in refs)
        {
            var resolves = reference.StartsWith('#')
                ? reference.Length == 1 || (reference[1] == '/' ? Resolve(schema, reference[1..]) : anchors.Contains(reference[1..]))
                : ids.Contains(reference.Split('#')[0]);
            if (!resolves)
            {
                errors.Add(new ValidationError(path, $"'{reference}' does not resolve within the schema: use a reference such as \"#/$defs/name\" to a part of this schema (nothing is fetched)."));
            }
        }
    }

    private static void Collect(JsonElement node, string path, HashSet<string> ids, HashSet<string> anchors, List<(string, string)> refs)
    {
        if (node.ValueKind == JsonValueKind.Array)
        {
            var index = 0;
            foreach (var item in node.EnumerateArray())
            {
                Collect(item, $"{path}[{index++}]", ids, anchors, refs);
            }
        }

        if (node.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        foreach (var property in node.EnumerateObject())
        {
            var child = Child(path, property.Name);
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                var value = property.Value.GetString()!;
                switch (property.Name)
                {
                    case "$ref" or "$dynamicRef":
                        refs.Add((child, value));
                        break;
                    case "$id":
                        ids.Add(value.Split('#')[0]);
                        break;
                    case "$anchor" or "$dynamicAnchor":
                        anchors.Add(value);
                        break;
                }
            }

            // Instance data, not schemas: a "$ref" in a const or an example is a value like any other.
            if (property.Name is not ("const" or "enum" or "default" or "examples"))
            {
                Collect(property.Value, child, ids, anchors, refs);
            }
        }
    }

    private static bool Resolve(JsonElement schema, string pointer)
    {
        var current = schema;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = Uri.UnescapeDataString(raw).Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next))
            {
                current = next;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index) && index >= 0 && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return false;
            }
        }

        return current.ValueKind is JsonValueKind.Object or JsonValueKind.True or JsonValueKind.False;
    }

    /// <summary>Evaluates a start input against the definition's input schema.</summary>
    /// <param name="definition">The pinned definition.</param>
    /// <param name="input">The start input.</param>
    /// <returns>Every violation, with its path under <c>$.input</c>; empty when the input is valid or there is no schema.</returns>
    public static IReadOnlyList<ValidationError> Evaluate(WorkflowDefinition definition, JsonElement input)
    {
        if (!definition.Document.TryGetProperty("input", out var element) || element.ValueKind != JsonValueKind.Object)
        {
            return [];
        }

        var schema = Compiled.GetValue(definition, _ =>
            TryBuild(element, out var built) is { } error
                ? throw new InvalidOperationException($"Definition {definition.Name} v{definition.Version} has an invalid input schema: {error}")
                : built!);
        EvaluationResults results;
        try
        {
            results = schema.Evaluate(input, new EvaluationOptions { OutputFormat = OutputFormat.List });
        }
        catch (RefResolutionException e)
        {
            // Registration rejects references that do not resolve; this is the safety net for what that check misses.
            return [new ValidationError(Root, $"The definition's input schema cannot be evaluated: {e.Message}")];
        }

        if (results.IsValid)
        {
            return [];
        }

        var errors = new List<ValidationError>();
        foreach (var node in (results.Details ?? []).Prepend(results))
        {
            foreach (var (keyword, message) in node.Errors ?? new Dictionary<string, string>())
            {
                var path = PathOf(input, node.InstanceLocation.ToString());
                if (keyword == "required" && MissingProperties(message) is { Count: > 0 } missing)
                {
                    errors.AddRange(missing.Select(name => new ValidationError(Child(path, name), $"Required property '{name}' is missing.")));
                }
                else if (keyword.Length == 0 && node.EvaluationPath.ToString().EndsWith("/additionalProperties", StringComparison.Ordinal))
                {
                    errors.Add(new ValidationError(path, "Property is not allowed (additionalProperties)."));
                }
                else
                {
                    errors.Add(new ValidationError(path, keyword.Length == 0 ? message : $"{message} ({keyword})."));
                }
            }
        }

        return errors.Distinct().ToList();
    }

    private static string? TryBuild(JsonElement schema, out JsonSchema? built)
    {
        built = null;
        try
        {
            // A registry of its own: schemas with the same $id in two definitions must not collide, and nothing is fetched.
            built = JsonSchema.Build(schema, new BuildOptions { Dialect = Dialect.Draft202012, SchemaRegistry = new SchemaRegistry() });
            return null;
        }
        catch (Exception e) when (e is JsonSchemaException or RefResolutionException or ArgumentException or FormatException or InvalidOperationException or KeyNotFoundException)
        {
            return e.Message;
        }
    }

    private static List<string>? MissingProperties(string message)
    {
        var match = JsonArray().Match(message);
        try
        {
            return match.Success ? JsonSerializer.Deserialize<List<string>>(match.Value) : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Turns a JSON pointer into the instance into a path such as <c>$.input.items[1]</c>.</summary>
    private static string PathOf(JsonElement input, string pointer)
    {
        var path = new StringBuilder(Root);
        var current = input;
        foreach (var raw in pointer.Split('/').Skip(1))
        {
            var token = raw.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Array && int.TryParse(token, out var index))
            {
                path.Append('[').Append(index).Append(']');
                current = index < current.GetArrayLength() ? current[index] : default;
            }
            else
            {
                var child = Child(path.ToString(), token);
                path.Clear().Append(child);
                current = current.ValueKind == JsonValueKind.Object && current.TryGetProperty(token, out var next) ? next : default;
            }
        }

        return path.ToString();
    }

    private static string Child(string path, string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') && !char.IsAsciiDigit(name[0])
            ? $"{path}.{name}"
            : $"{path}[{JsonSerializer.Serialize(name)}]";
}
