using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Serialization.Metadata;

namespace Automation.Agent.Protocol;

/// <summary>
/// The protocol's calls over one <see cref="HttpClient"/> (from the factory, with the base address, the API key header
/// and the transient-error retries). Maps the statuses the protocol defines; any other failure throws
/// <see cref="AgentServerException"/>.
/// </summary>
internal sealed class AgentApiClient(HttpClient http)
{
    public async Task<RegisterAgentResponse> RegisterAsync(RegisterAgentRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync("api/v1/agents", request, AgentJsonContext.Default.RegisterAgentRequest, cancellationToken);
        await EnsureAsync(response, "register", cancellationToken);
        return await ReadAsync(response, AgentJsonContext.Default.RegisterAgentResponse, cancellationToken);
    }

    public async Task<PollOutcome> PollAsync(string agentId, int max, int waitSeconds, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(
            $"api/v1/agents/{Uri.EscapeDataString(agentId)}/poll", new PollRequest(max, waitSeconds), AgentJsonContext.Default.PollRequest, cancellationToken);
        switch (response.StatusCode)
        {
            case HttpStatusCode.NoContent:
                return new PollOutcome(PollStatus.Empty, []);
            case HttpStatusCode.NotFound:
                return new PollOutcome(PollStatus.UnknownAgent, []);
            case HttpStatusCode.Conflict:
                return new PollOutcome(PollStatus.Draining, []);
        }

        await EnsureAsync(response, "poll", cancellationToken);
        var body = await ReadAsync(response, AgentJsonContext.Default.PollResponse, cancellationToken);
        return new PollOutcome(body.Tasks.Count == 0 ? PollStatus.Empty : PollStatus.Tasks, body.Tasks);
    }

    public async Task<HeartbeatOutcome> HeartbeatAsync(string taskId, HeartbeatRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(TaskPath(taskId, "heartbeat"), request, AgentJsonContext.Default.HeartbeatRequest, cancellationToken);
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return new HeartbeatOutcome(true, false, null);
        }

        await EnsureAsync(response, "heartbeat", cancellationToken);
        var body = await ReadAsync(response, AgentJsonContext.Default.HeartbeatResponse, cancellationToken);
        return new HeartbeatOutcome(false, body.CancelRequested, body.Deadlines);
    }

    /// <summary>Reports success; <see langword="false"/> when the agent no longer holds the task (409 or 404).</summary>
    public async Task<bool> CompleteAsync(string taskId, CompleteTaskRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(TaskPath(taskId, "complete"), request, AgentJsonContext.Default.CompleteTaskRequest, cancellationToken);
        return await AcceptedAsync(response, "complete", cancellationToken);
    }

    /// <summary>Reports failure; <see langword="false"/> when the agent no longer holds the task (409 or 404).</summary>
    public async Task<bool> FailAsync(string taskId, FailTaskRequest request, CancellationToken cancellationToken)
    {
        using var response = await http.PostAsJsonAsync(TaskPath(taskId, "fail"), request, AgentJsonContext.Default.FailTaskRequest, cancellationToken);
        return await AcceptedAsync(response, "fail", cancellationToken);
    }

    /// <summary>Drains and removes the agent (<c>DELETE /agents/{id}</c>); an unknown agent is fine.</summary>
    public async Task DeleteAsync(string agentId, CancellationToken cancellationToken)
    {
        using var response = await http.DeleteAsync($"api/v1/agents/{Uri.EscapeDataString(agentId)}", cancellationToken);
        if (response.StatusCode != HttpStatusCode.NotFound)
        {
            await EnsureAsync(response, "deregister", cancellationToken);
        }
    }

    private static string TaskPath(string taskId, string action) => $"api/v1/tasks/{Uri.EscapeDataString(taskId)}/{action}";

    private static async Task<bool> AcceptedAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (response.StatusCode is HttpStatusCode.Conflict or HttpStatusCode.NotFound)
        {
            return false;
        }

        await EnsureAsync(response, operation, cancellationToken);
        return true;
    }

    private static async Task EnsureAsync(HttpResponseMessage response, string operation, CancellationToken cancellationToken)
    {
        if (!response.IsSuccessStatusCode)
        {
            throw new AgentServerException(operation, response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
        }
    }

    private static async Task<T> ReadAsync<T>(HttpResponseMessage response, JsonTypeInfo<T> type, CancellationToken cancellationToken) =>
        await response.Content.ReadFromJsonAsync(type, cancellationToken)
        ?? throw new AgentServerException(type.Type.Name, response.StatusCode, "an empty body");
}
