using System.Collections.Concurrent;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Automation.Api.Tests.Contract;

/// <summary>
/// The API's OpenAPI document used as a contract: finds the operation of a request by method and path template, and
/// checks a response against it (status declared, required headers present, body valid against the schema).
/// </summary>
/// <remarks>
/// OpenAPI 3.1 schemas are JSON Schema 2020-12. Each response schema is evaluated in a document that carries every
/// component under <c>$defs</c>, with <c>#/components/schemas/X</c> references rewritten to <c>#/$defs/X</c>.
/// </remarks>
public sealed class OpenApiContract
{
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private readonly IReadOnlyList<ContractOperation> _operations;
    private readonly JsonObject _definitions;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new();

    private OpenApiContract(IReadOnlyList<ContractOperation> operations, JsonObject definitions)
    {
        _operations = operations;
        _definitions = definitions;
    }

    /// <summary>The paths the contract checks; other paths (health, metrics, the document itself) pass unchecked.</summary>
    public const string ApiPrefix = "/api/";

    /// <summary>Reads a document.</summary>
    /// <param name="json">The OpenAPI document.</param>
    /// <returns>The contract.</returns>
    public static OpenApiContract Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var operations = new List<ContractOperation>();
        foreach (var path in root.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                operations.Add(new ContractOperation(
                    operation.Value.GetProperty("operationId").GetString()!, new HttpMethod(operation.Name.ToUpperInvariant()), path.Name,
                    operation.Value.GetProperty("responses").Clone()));
            }
        }

        var components = root.TryGetProperty("components", out var c) && c.TryGetProperty("schemas", out var s) ? Rewrite(s) : new JsonObject();
        return new OpenApiContract(operations, components.AsObject());
    }

    /// <summary>Every way a response breaks the document; empty when it conforms or is outside <see cref="ApiPrefix"/>.</summary>
    /// <param name="method">The request method.</param>
    /// <param name="uri">The request URI.</param>
    /// <param name="response">The response (its content buffered).</param>
    /// <param name="body">The response body.</param>
    /// <returns>The violations.</returns>
    public IReadOnlyList<string> Check(HttpMethod method, Uri uri, HttpResponseMessage response, string body)
    {
        var path = uri.AbsolutePath.Length > 1 ? uri.AbsolutePath.TrimEnd('/') : uri.AbsolutePath;
        if (!path.StartsWith(ApiPrefix, StringComparison.Ordinal))
        {
            return [];
        }

        var candidates = _operations.Where(o => o.Matches(path)).ToList();
        var operation = candidates.Where(o => o.Method == method).MaxBy(o => o.LiteralSegments);
        if (operation is null)
        {
            return [candidates.Count == 0 ? $"No operation has a path template matching {path}." : $"No {method} operation is declared for {path}."];
        }

        var status = ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!operation.Responses.TryGetProperty(status, out var declared))
        {
            return [$"{operation.Id} does not declare status {status} (declared: {string.Join(", ", operation.Responses.EnumerateObject().Select(r => r.Name))})."];
        }

        var violations = new List<string>();
        if (declared.TryGetProperty("headers", out var headers))
        {
            foreach (var header in headers.EnumerateObject())
            {
                var required = header.Value.TryGetProperty("required", out var r) && r.GetBoolean();
                if (required && !HasHeader(response, header.Name))
                {
                    violations.Add($"{operation.Id} {status}: required header {header.Name} is missing.");
                }
            }
        }

        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (!declared.TryGetProperty("content", out var content))
        {
            if (body.Length > 0)
            {
                violations.Add($"{operation.Id} {status}: declares no body, but one was sent ({mediaType}).");
            }

            return violations;
        }

        if (mediaType is null || !content.TryGetProperty(mediaType, out var media))
        {
            violations.Add($"{operation.Id} {status}: content type '{mediaType}' is not declared (declared: {string.Join(", ", content.EnumerateObject().Select(m => m.Name))}).");
            return violations;
        }

        if (!media.TryGetProperty("schema", out var schema))
        {
            return violations;
        }

        if (!mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            return violations; // a declared non-JSON body (text/event-stream): its type is all the contract states
        }

        JsonElement instance;
        try
        {
            using var parsed = JsonDocument.Parse(body);
            instance = parsed.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            violations.Add($"{operation.Id} {status}: the body is not JSON ({ex.Message}).");
            return violations;
        }

        var results = SchemaFor($"{operation.Id}/{status}/{mediaType}", schema).Evaluate(instance, Evaluation);
        if (!results.IsValid)
        {
            violations.AddRange(Describe(results).Select(e => $"{operation.Id} {status}: {e}"));
        }

        return violations;
    }

    /// <summary>Evaluates a JSON value against a component schema, for tests of the document itself.</summary>
    /// <param name="component">The component name, e.g. <c>WorkflowResponse</c>.</param>
    /// <param name="json">The value.</param>
    /// <returns>The errors; empty when valid.</returns>
    public IReadOnlyList<string> Validate(string component, string json)
    {
        using var parsed = JsonDocument.Parse(json);
        var reference = JsonDocument.Parse($$"""{ "$ref": "#/components/schemas/{{component}}" }""").RootElement;
        var results = SchemaFor("component/" + component, reference).Evaluate(parsed.RootElement, Evaluation);
        return results.IsValid ? [] : [.. Describe(results)];
    }

    private JsonSchema SchemaFor(string key, JsonElement schema) => _schemas.GetOrAdd(key, _ =>
    {
        var root = new JsonObject
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["$defs"] = _definitions.DeepClone(),
            ["allOf"] = new JsonArray(Rewrite(schema)),
        };
        return JsonSchema.FromText(root.ToJsonString(), new BuildOptions { SchemaRegistry = new SchemaRegistry() });
    });

    private static JsonNode Rewrite(JsonElement schema) =>
        JsonNode.Parse(schema.GetRawText().Replace("\"#/components/schemas/", "\"#/$defs/", StringComparison.Ordinal))!;

    private static IEnumerable<string> Describe(EvaluationResults results) =>
        (results.Details ?? [results])
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at '{d.InstanceLocation}' ({d.EvaluationPath}): {e.Value}"))
            .DefaultIfEmpty("the body does not match the schema.");

    private static bool HasHeader(HttpResponseMessage response, string name) =>
        response.Headers.Contains(name) || response.Content.Headers.TryGetValues(name, out _);
}
