using Microsoft.AspNetCore.Mvc;

namespace Automation.Api.Hosting;

/// <summary>
/// Writes a problem response from middleware (a permission 403, a 429) whatever the request's <c>Accept</c> says:
/// the problem details service declines a request that accepts neither JSON nor anything (e.g. <c>Accept:
/// text/plain</c>), and its <c>WriteAsync</c> then throws, which turned a 403 into a 500.
/// </summary>
internal static class ProblemResponses
{
    /// <summary>Writes <paramref name="problem"/> through the problem details service, or as JSON when it declines.</summary>
    /// <param name="http">The request; its status code is already set.</param>
    /// <param name="problem">The problem.</param>
    /// <returns>A task that completes when the body is written.</returns>
    public static async Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        var service = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        if (await service.TryWriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }))
        {
            return;
        }

        // No writer accepts the request's media types: the status is what matters; the JSON body is still a help.
        problem.Extensions.TryAdd("traceId", Security.AuditTrail.RequestId(http));
        await http.Response.WriteAsJsonAsync(problem, (System.Text.Json.JsonSerializerOptions?)null, "application/problem+json", http.RequestAborted);
    }
}
