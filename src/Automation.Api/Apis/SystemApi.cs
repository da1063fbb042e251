using System.ComponentModel;
using System.Text.RegularExpressions;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Operations;
using Automation.Postgres.Diagnostics;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/system</c>: run-time operation of the processes. Log levels by category, changed without a restart: the
/// API process that answers applies a change at once, every other silo and API process within a few seconds
/// (<see cref="LogLevelSync"/>); removing an override brings back the configured level.
/// </summary>
internal static partial class SystemApi
{
    /// <summary>The roots of the categories this system logs under; a category outside them is refused as unknown.</summary>
    private static readonly string[] Roots = ["Automation", "Orleans", "Microsoft", "System", "Npgsql", "Polly"];

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapSystemApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/system").WithTags("System");
        group.MapGet("/log-levels", GetAsync).WithName("GetLogLevels")
            .WithSummary("Lists the run-time log-level overrides (over each process's configured levels).")
            .ProducesClusterUnavailable();
        group.MapPut("/log-levels/{category}", PutAsync).WithName("PutLogLevel")
            .WithSummary("Sets a log category's level in every silo and API process, without a restart: this process at once, the others within seconds.")
            .AcceptsJson<PutLogLevelRequest>()
            .ProducesClusterUnavailable()
            .WithParameterSchema("category", ParameterSchemas.Pattern(CategoryPattern, 200));
        group.MapDelete("/log-levels/{category}", DeleteAsync).WithName("DeleteLogLevel")
            .WithSummary("Removes a category's override: the configured level applies again.")
            .ProducesClusterUnavailable()
            .WithParameterSchema("category", ParameterSchemas.Pattern(CategoryPattern, 200));
        return group;
    }

    private const string CategoryPattern = "^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)*$";

    private static async Task<Ok<LogLevelsResponse>> GetAsync(IGrainFactory grains, ClusterCalls calls, HttpContext http) =>
        TypedResults.Ok(Response(await calls.RunAsync(() => grains.GetGrain<ILogLevelsGrain>(ILogLevelsGrain.Key).GetAsync(), http.RequestAborted)));

    private static async Task<Results<Ok<LogLevelsResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The log category: Default, or a category (or prefix) under Automation, Orleans, Microsoft, System, Npgsql or Polly, e.g. Automation.Grains.")] string category,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, RuntimeLogLevels levels, ILoggerFactory loggers)
    {
        if (CategoryError(category) is { } invalidCategory)
        {
            return invalidCategory;
        }

        var body = await RequestJson.ReadAsync<PutLogLevelRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        if (!TryParseLevel(body.Value!.Level, out var level))
        {
            return Problems.Validation("$.level", $"Unknown level '{body.Value.Level}': use Trace, Debug, Information, Warning, Error, Critical or None.");
        }

        return TypedResults.Ok(await SetAsync(category, level, http, grains, calls, levels, loggers));
    }

    private static async Task<Results<Ok<LogLevelsResponse>, ValidationProblem>> DeleteAsync(
        [Description("The log category whose override to remove.")] string category,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, RuntimeLogLevels levels, ILoggerFactory loggers)
    {
        if (CategoryError(category) is { } invalidCategory)
        {
            return invalidCategory;
        }

        return TypedResults.Ok(await SetAsync(category, null, http, grains, calls, levels, loggers));
    }

    private static async Task<LogLevelsResponse> SetAsync(
        string category, string? level, HttpContext http, IGrainFactory grains, ClusterCalls calls, RuntimeLogLevels levels, ILoggerFactory loggers)
    {
        var overrides = await calls.RunAsync(() => grains.GetGrain<ILogLevelsGrain>(ILogLevelsGrain.Key).SetAsync(category, level), http.RequestAborted);
        levels.Apply(overrides.Version, overrides.Levels); // this process at once; the others at their next read
        LogLevelChanged(loggers.CreateLogger(typeof(SystemApi).FullName!), category, level ?? "(configured)", overrides.Version);
        return Response(overrides);
    }

    [LoggerMessage(1, LogLevel.Information, "Log level of {Category} set to {Level} (overrides version {Version}).")]
    private static partial void LogLevelChanged(ILogger logger, string category, string level, long version);

    private static LogLevelsResponse Response(LogLevelOverrides overrides) =>
        new(overrides.Version, overrides.Levels, (int)LogLevelSync.Interval.TotalSeconds);

    private static ValidationProblem? CategoryError(string category)
    {
        if (category.Length > 200 || !CategoryRegex().IsMatch(category))
        {
            return Problems.Validation("category", "Not a log category: dot-separated names of letters, digits and '_', at most 200 characters.");
        }

        return category == "Default" || Roots.Any(r => category == r || category.StartsWith(r + ".", StringComparison.Ordinal))
            ? null
            : Problems.Validation("category", $"Unknown log category '{category}': use Default or a category under {string.Join(", ", Roots)}.");
    }

    private static bool TryParseLevel(string? text, out string level)
    {
        level = "";
        if (string.IsNullOrEmpty(text) || !char.IsLetter(text[0]) || !Enum.TryParse<LogLevel>(text, ignoreCase: true, out var parsed) || !Enum.IsDefined(parsed))
        {
            return false;
        }

        level = parsed.ToString();
        return true;
    }

    [GeneratedRegex(CategoryPattern)]
    private static partial Regex CategoryRegex();
}
