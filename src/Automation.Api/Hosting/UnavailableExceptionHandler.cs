using Microsoft.AspNetCore.Diagnostics;

namespace Automation.Api.Hosting;

/// <summary>
/// Answers <c>503</c> with a <c>Retry-After</c> header, rather than a bare <c>500</c>, when a request failed because the
/// cluster (all silos down or being replaced, even after <see cref="ClusterCalls"/>' retries) or PostgreSQL is
/// unavailable (<see cref="Outages"/>): the request was not the client's mistake and is safe to repeat. The API
/// recovers by itself when the cluster or the database is back; nothing needs restarting.
/// </summary>
/// <param name="problems">Writes RFC 9457 problem details.</param>
/// <param name="logger">Logs each 503 with its cause (one line, no stack trace).</param>
internal sealed partial class UnavailableExceptionHandler(IProblemDetailsService problems, ILogger<UnavailableExceptionHandler> logger) : IExceptionHandler
{
    /// <summary>The <c>Retry-After</c> value, in seconds.</summary>
    public const string RetryAfterSeconds = "2";

    /// <inheritdoc />
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        var outage = Outages.Classify(exception);
        if (outage == Outage.None)
        {
            return false;
        }

        LogUnavailable(outage, httpContext.Request.Method, httpContext.Request.Path, exception.GetType().Name, exception.Message);
        httpContext.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        httpContext.Response.Headers.RetryAfter = RetryAfterSeconds;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = outage == Outage.Database ? "Database unavailable" : "Cluster unavailable",
                Detail = outage == Outage.Database
                    ? "The database did not answer (it may be restarting). Retry shortly: the request is safe to repeat."
                    : "No silo could take the request right now (a silo may be restarting). Nothing was lost; retry shortly.",
            },
        });
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "503 ({Outage} unavailable) for {Method} {Path}: {ExceptionType}: {ExceptionMessage}")]
    private partial void LogUnavailable(Outage outage, string method, string path, string exceptionType, string exceptionMessage);
}
