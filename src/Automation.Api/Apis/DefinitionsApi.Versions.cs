using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Definitions;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/definitions/{name}/versions</c>, <c>/deprecate</c>, <c>/undeprecate</c> and deletes: version listing with
/// who registered each, deprecation (new starts refused, running workflows unaffected) and deletion of what no
/// workflow uses.
/// </summary>
internal static partial class DefinitionsApi
{
    private const int MaxReasonLength = 1000;

    private static void MapVersionsApi(this RouteGroupBuilder group)
    {
        group.MapGet("/{name}/versions", ListVersionsAsync).WithName("ListDefinitionVersions")
            .WithSummary("Lists every version of a definition, oldest first, with who registered it, when, and its deprecation.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithDefinitionName();
        group.MapGet("/{name}/versions/{version}/diff/{other}", DiffAsync).WithName("DiffDefinitionVersions")
            .WithSummary("Shows what changed from one version to another: root fields, and steps added, removed or changed (by id).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithDefinitionName()
            .WithParameterSchema("version", ParameterSchemas.PositiveInteger())
            .WithParameterSchema("other", ParameterSchemas.PositiveInteger());
        group.MapPost("/{name}/deprecate", DeprecateAsync).WithName("DeprecateDefinition")
            .WithSummary("Deprecates one version or the whole definition: new starts of it are refused (409, naming the replacement); running workflows are not affected.")
            .AcceptsJson<DeprecateDefinitionRequest>()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithDefinitionName();
        group.MapPost("/{name}/undeprecate", UndeprecateAsync).WithName("UndeprecateDefinition")
            .WithSummary("Removes the deprecation of one version, or the whole definition's (empty body).")
            .Accepts<UndeprecateDefinitionRequest>(isOptional: true, "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithDefinitionName();
        group.MapDelete("/{name}/versions/{version}", DeleteVersionAsync).WithName("DeleteDefinitionVersion")
            .WithSummary("Deletes one version, only when no workflow (running, or finished and not yet purged by retention) uses it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable()
            .WithDefinitionName()
            .WithParameterSchema("version", ParameterSchemas.PositiveInteger());
        group.MapDelete("/{name}", DeleteDefinitionAsync).WithName("DeleteDefinition")
            .WithSummary("Deletes every version of a definition, only when no workflow uses any of them.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable()
            .WithDefinitionName();
    }

    private static async Task<Results<Ok<DefinitionVersionListResponse>, ValidationProblem, ProblemHttpResult>> ListVersionsAsync(
        [Description("The definition name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.InvalidDefinitionName("name", name);
        }

        if (!http.User.Allows(Permissions.DefinitionsRead, name))
        {
            return Problems.NotForDefinition(Permissions.DefinitionsRead, name);
        }

        var versions = await calls.RunAsync(() => grains.GetGrain<IDefinitionGrain>(name).ListVersionsAsync(), http.RequestAborted);
        return versions.Count == 0
            ? Problems.NotFound($"No definition named '{name}'.")
            : TypedResults.Ok(new DefinitionVersionListResponse(name, [.. versions.Select(DefinitionVersionResponse.From)]));
    }

    private static async Task<Results<Ok<DefinitionDiffResponse>, ValidationProblem, ProblemHttpResult>> DiffAsync(
        [Description("The definition name.")] string name,
        [Description("The version to compare from (usually the older).")] string version,
        [Description("The version to compare to (usually the newer).")] string other,
        HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.InvalidDefinitionName("name", name);
        }

        if (!http.User.Allows(Permissions.DefinitionsRead, name))
        {
            return Problems.NotForDefinition(Permissions.DefinitionsRead, name);
        }

        var errors = new List<(string, string)>();
        var a = ParseVersion("version", version, errors);
        var b = ParseVersion("other", other, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var grain = grains.GetGrain<IDefinitionGrain>(name);
        var older = await calls.RunAsync(() => grain.GetAsync(a), http.RequestAborted);
        var newer = await calls.RunAsync(() => grain.GetAsync(b), http.RequestAborted);
        if (older is null || newer is null)
        {
            return Problems.NotFound($"Definition '{name}' has no version {(older is null ? a : b)}.");
        }

        return TypedResults.Ok(DefinitionDiffResponse.Create(name, a, b, DefinitionDiff.Compare(older.Document, newer.Document)));
    }

    private static int ParseVersion(string parameter, string text, List<(string, string)> errors)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= 1)
        {
            return number;
        }

        errors.Add((parameter, $"Must be a whole number of at least 1, not {JsonSerializer.Serialize(text)}."));
        return 0;
    }

    private static async Task<Results<Ok<DefinitionVersionListResponse>, ValidationProblem, ProblemHttpResult>> DeprecateAsync(
        [Description("The definition name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.InvalidDefinitionName("name", name);
        }

        if (!http.User.Allows(Permissions.DefinitionsWrite, name))
        {
            return Problems.NotForDefinition(Permissions.DefinitionsWrite, name);
        }

        var read = await RequestJson.ReadAsync(http, allowEmpty: true);
        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        if (read.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string, string)>();
        var body = ReadBody(read.Value, ["version", "replacement", "reason"], errors);
        var version = ReadVersion(body, errors);
        var replacement = ReadReplacement(body, errors);
        var reason = ReadString(body, "reason", MaxReasonLength, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var command = new DeprecateDefinitionCommand(version, replacement, reason, http.User.Actor());
        return await ChangeAsync(name, grain => grain.DeprecateAsync(command), grains, calls, http);
    }

    private static async Task<Results<Ok<DefinitionVersionListResponse>, ValidationProblem, ProblemHttpResult>> UndeprecateAsync(
        [Description("The definition name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.InvalidDefinitionName("name", name);
        }

        if (!http.User.Allows(Permissions.DefinitionsWrite, name))
        {
            return Problems.NotForDefinition(Permissions.DefinitionsWrite, name);
        }

        var read = await RequestJson.ReadAsync(http, allowEmpty: true);
        if (read.Invalid is { } invalid)
        {
            return invalid;
        }

        if (read.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string, string)>();
        var version = ReadVersion(ReadBody(read.Value, ["version"], errors), errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        return await ChangeAsync(name, grain => grain.UndeprecateAsync(version), grains, calls, http);
    }

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteVersionAsync(
        [Description("The definition name.")] string name,
        [Description("The version number, from 1.")] string version,
        HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var number) || number < 1)
        {
            return Task.FromResult<Results<NoContent, ValidationProblem, ProblemHttpResult>>(
                Problems.Validation("version", $"Must be a whole number of at least 1, not {JsonSerializer.Serialize(version)}."));
        }

        return DeleteAsync(name, number, http, grains, calls);
    }

    private static Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteDefinitionAsync(
        [Description("The definition name.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls) =>
        DeleteAsync(name, null, http, grains, calls);

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        string name, int? version, HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        if (!ResourceNames.IsDefinitionName(name))
        {
            return Problems.InvalidDefinitionName("name", name);
        }

        if (!http.User.Allows(Permissions.DefinitionsWrite, name))
        {
            return Problems.NotForDefinition(Permissions.DefinitionsWrite, name);
        }

        var by = http.User.Actor();
        var result = await calls.RunAsync(() => grains.GetGrain<IDefinitionGrain>(name).DeleteAsync(version, by), http.RequestAborted);
        return result.Outcome switch
        {
            DefinitionChangeOutcome.Done => TypedResults.NoContent(),
            DefinitionChangeOutcome.InUse => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: result.Message,
                extensions: new Dictionary<string, object?> { ["inUse"] = result.InUse }),
            DefinitionChangeOutcome.Invalid => Problems.Validation(result.Field ?? "version", result.Message ?? "Invalid."),
            _ => Problems.NotFound(result.Message ?? $"No definition named '{name}'."),
        };
    }

    /// <summary>Runs a change on the grain, then answers the definition's versions as they now are.</summary>
    private static async Task<Results<Ok<DefinitionVersionListResponse>, ValidationProblem, ProblemHttpResult>> ChangeAsync(
        string name, Func<IDefinitionGrain, Task<DefinitionChangeResult>> change, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        var grain = grains.GetGrain<IDefinitionGrain>(name);
        var result = await calls.RunAsync(() => change(grain), http.RequestAborted);
        switch (result.Outcome)
        {
            case DefinitionChangeOutcome.NotFound:
                return Problems.NotFound(result.Message ?? $"No definition named '{name}'.");
            case DefinitionChangeOutcome.Invalid:
                return Problems.Validation(result.Field ?? "$", result.Message ?? "Invalid.");
            default:
                var versions = await calls.RunAsync(() => grain.ListVersionsAsync(), http.RequestAborted);
                return TypedResults.Ok(new DefinitionVersionListResponse(name, [.. versions.Select(DefinitionVersionResponse.From)]));
        }
    }

    private static JsonElement ReadBody(JsonElement json, string[] allowed, List<(string, string)> errors)
    {
        if (json.ValueKind is not (JsonValueKind.Undefined or JsonValueKind.Object))
        {
            errors.Add(("$", $"The body must be a JSON object with at most {string.Join(", ", allowed)}, or empty."));
            return default;
        }

        if (json.ValueKind == JsonValueKind.Object)
        {
            foreach (var unknown in json.EnumerateObject().Select(p => p.Name).Where(n => !allowed.Contains(n, StringComparer.Ordinal)))
            {
                errors.Add(($"$.{unknown}", $"Unknown property '{unknown}'. Allowed: {string.Join(", ", allowed)}."));
            }
        }

        return json;
    }

    private static int? ReadVersion(JsonElement body, List<(string, string)> errors)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("version", out var v) || v.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var number) && number >= 1)
        {
            return number;
        }

        errors.Add(("$.version", $"Must be a whole number of at least 1, not {v.GetRawText()}."));
        return null;
    }

    private static string? ReadReplacement(JsonElement body, List<(string, string)> errors)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty("replacement", out var r) || r.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (r.ValueKind == JsonValueKind.Number && r.TryGetInt32(out var number) && number >= 1)
        {
            return number.ToString(CultureInfo.InvariantCulture);
        }

        if (r.ValueKind == JsonValueKind.String && r.GetString() is { } text
            && (ResourceNames.IsDefinitionName(text) || (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1)))
        {
            return text;
        }

        errors.Add(("$.replacement", $"Must be a definition name ({ResourceNames.DefinitionNameRule}) or a version number of at least 1."));
        return null;
    }

    private static string? ReadString(JsonElement body, string property, int maxLength, List<(string, string)> errors)
    {
        if (body.ValueKind != JsonValueKind.Object || !body.TryGetProperty(property, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(($"$.{property}", "Must be a string."));
            return null;
        }

        var text = value.GetString()!;
        if (text.Length > maxLength || text.Contains('\0', StringComparison.Ordinal))
        {
            errors.Add(($"$.{property}", $"Must be at most {maxLength} characters without NUL."));
            return null;
        }

        return text;
    }
}
