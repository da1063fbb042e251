using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>The service a waiting <c>http</c> step waits for (Unhealthy, or its circuit breaker open).</summary>
/// <param name="Service">The service.</param>
/// <param name="Reason">Why, e.g. <c>waiting for service orders-api: it is Unhealthy</c>.</param>
/// <param name="Since">When the wait began.</param>
/// <param name="Until">When the step gives up and fails with <c>service.unavailable</c> (the wait's start plus the step's timeout).</param>
public sealed record ServiceWaitResponse(string Service, string Reason, DateTimeOffset Since, DateTimeOffset Until)
{
    /// <summary>Maps the grain record.</summary>
    /// <param name="wait">The wait.</param>
    /// <returns>The API record.</returns>
    public static ServiceWaitResponse From(ServiceWait wait) => new(wait.Service, wait.Reason, wait.Since, wait.Until);
}
