using System.Net.Http;

namespace Automation.Agent;

/// <summary>
/// Which requests the resilience pipeline may send again. Heartbeat, complete and fail are idempotent on the server;
/// a poll is not (a retried poll whose first answer was lost leaves that answer's tasks leased until a deadline) and
/// neither is a registration (each creates an agent): the service's own loop polls or registers again instead.
/// </summary>
internal static class AgentRetryPolicy
{
    /// <summary>Whether <paramref name="request"/> may be retried automatically.</summary>
    /// <param name="request">The request, if known.</param>
    /// <returns><see langword="false"/> for <c>POST /agents</c> and <c>POST /agents/{id}/poll</c>.</returns>
    public static bool MayRetry(HttpRequestMessage? request)
    {
        if (request?.RequestUri is not { } uri || request.Method != HttpMethod.Post)
        {
            return true;
        }

        var path = (uri.IsAbsoluteUri ? uri.AbsolutePath : uri.OriginalString.Split('?')[0]).TrimEnd('/');
        return !path.EndsWith("/poll", StringComparison.Ordinal) && !path.EndsWith("api/v1/agents", StringComparison.Ordinal);
    }
}
