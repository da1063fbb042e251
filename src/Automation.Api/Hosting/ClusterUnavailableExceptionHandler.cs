using Microsoft.AspNetCore.Diagnostics;
using Orleans.Runtime.Messaging;

namespace Automation.Api.Hosting;

/// <summary>
/// Answers 503 with a Retry-After header when the cluster cannot be reached even after retries (all silos down or
/// being replaced), rather than a bare 500: the request was not the client's mistake and is safe to repeat.
/// </summary>
/// <param name="problems">Writes RFC 9457 problem details.</param>
internal sealed class ClusterUnavailableExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not (OrleansMessageRejectionException or SiloUnavailableException or ConnectionFailedException
            or GatewayTooBusyException or TimeoutException))
        {
            return false;
        }

        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = "2";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Cluster unavailable",
                Detail = "No silo could take the request right now (a silo may be restarting). Nothing was lost; retry shortly.",
            },
        });
    }
}
