using System.Net;

namespace Automation.Agent.Protocol;

/// <summary>The server answered a status the protocol does not expect for the call (after the transient-error retries).</summary>
internal sealed class AgentServerException(string operation, HttpStatusCode status, string body)
    : Exception($"{operation} answered {(int)status} {status}: {Truncate(body)}")
{
    public HttpStatusCode Status { get; } = status;

    /// <summary>Whether trying again later may help: 5xx, 408 and 429 (the others are the agent's own mistake or access).</summary>
    public bool IsTransient => (int)Status >= 500 || Status is HttpStatusCode.RequestTimeout or HttpStatusCode.TooManyRequests;

    private static string Truncate(string body) => body.Length <= 500 ? body : body[..500] + "…";
}
