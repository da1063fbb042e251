using System.Net;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;

namespace Automation.Cli.Http;

/// <summary>The server answered with an error status; <see cref="Problem"/> holds its RFC 9457 problem details, if any.</summary>
internal sealed class ApiProblemException(HttpMethod method, string path, HttpStatusCode status, JsonNode? problem)
    : CliException(Describe(method, path, status, problem), ExitCodeOf(status))
{
    /// <summary>The HTTP status.</summary>
    public HttpStatusCode Status { get; } = status;

    /// <summary>The problem details document, or null when the body was not JSON.</summary>
    public JsonNode? Problem { get; } = problem;

    /// <summary>The exit code for a status: 404 → 3, 401/403 → 4, 5xx → 5, other 4xx → 2.</summary>
    /// <param name="status">The HTTP status.</param>
    public static int ExitCodeOf(HttpStatusCode status) => (int)status switch
    {
        404 => ExitCodes.NotFound,
        401 or 403 => ExitCodes.Auth,
        >= 500 => ExitCodes.Unavailable,
        _ => ExitCodes.Usage,
    };

    private static string Describe(HttpMethod method, string path, HttpStatusCode status, JsonNode? problem)
    {
        var title = problem?["title"]?.GetValueKind() == System.Text.Json.JsonValueKind.String ? problem["title"]!.GetValue<string>() : status.ToString();
        return $"{method} {path} answered {(int)status}: {title}";
    }
}
