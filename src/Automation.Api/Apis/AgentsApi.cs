using System.ComponentModel;
using System.Security.Cryptography;
using System.Xml;
using Automation.Agents;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/agents</c> and <c>/api/v1/tasks</c>: external agents register, long-poll for tasks of their
/// capabilities, heartbeat and report them. Each agent is an <c>AgentGrain</c> owned by the principal that registered
/// it; tasks live in capability queue partitions (<c>TaskQueueGrain</c>).
/// </summary>
internal static partial class AgentsApi
{
    private const int MaxName = 100;
    private const int MaxCapabilities = 50;
    private const int MaxLabels = 50;
    private const int MaxLabelKey = 100;
    private const int MaxLabelValue = 500;
    private const int MaxConcurrencyLimit = 1000;

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapAgentsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/agents").WithTags("Agents");
        group.MapPost("/", RegisterAsync).WithName("RegisterAgent")
            .WithSummary("Registers an agent for capabilities; the caller owns it (only it may poll, heartbeat and report as the agent).")
            .Accepts<RegisterAgentRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable();
        group.MapGet("/", ListAsync).WithName("ListAgents")
            .WithSummary("Lists agents, ordered by id, optionally only those with a capability or a status.")
            .WithParameterSchema("capability", ParameterSchemas.Pattern(AgentNames.CapabilityPattern, 100))
            .ProducesClusterUnavailable();
        group.MapGet("/{agentId}", GetAsync).WithName("GetAgent")
            .WithSummary("Reads an agent: capabilities, labels, health, last contact, the tasks it holds, its counters and recent task durations.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithAgentId();
        group.MapDelete("/{agentId}", DeleteAsync).WithName("DeleteAgent")
            .WithSummary("Drains an agent (its owner or an agents:admin): no new tasks; the ones it holds may still be reported; it is removed once it holds none.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithAgentId();
        group.MapPost("/{agentId}/poll", PollAsync).WithName("PollAgentTasks")
            .WithSummary("Leases up to max tasks of the agent's capabilities (never more than its free slots), waiting up to waitSeconds; a task queued meanwhile is handed over at once. 204 when the wait ended with none.")
            .Accepts<PollTasksRequest>(isOptional: true, "application/json")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithAgentId();

        var tasks = v1.MapGroup("/tasks").WithTags("Agents");
        tasks.MapPost("/{taskId}/heartbeat", HeartbeatAsync).WithName("HeartbeatTask")
            .WithSummary("Extends a leased task's heartbeat deadline and records its progress on the step; answers whether the workflow still wants it.")
            .Accepts<TaskHeartbeatRequest>("application/json")
            .ProducesTaskProblems();
        tasks.MapPost("/{taskId}/complete", CompleteAsync).WithName("CompleteTask")
            .WithSummary("Completes a leased task: its output becomes the step's output. 409 when the agent no longer holds it; a repeat of the same report is accepted again.")
            .Accepts<CompleteTaskRequest>("application/json")
            .ProducesTaskProblems();
        tasks.MapPost("/{taskId}/fail", FailAsync).WithName("FailTask")
            .WithSummary("Fails a leased task's attempt: the step's retry policy decides what follows (retryable false makes it final). 409 when the agent no longer holds it.")
            .Accepts<FailTaskRequest>("application/json")
            .ProducesTaskProblems();
        return group;
    }

    private static RouteHandlerBuilder WithAgentId(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("agentId", ParameterSchemas.Pattern(AgentIdPattern, 32));

    private static RouteHandlerBuilder ProducesTaskProblems(this RouteHandlerBuilder builder) =>
        builder.ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithParameterSchema("taskId", ParameterSchemas.Pattern(TaskIdPattern, 200));

    private const string AgentIdPattern = "^[0-9a-f]{32}$";
    private const string TaskIdPattern = "^[A-Za-z0-9._~-]{1,200}$";

    private static bool IsAgentId(string agentId) => agentId.Length == 32 && agentId.All(c => char.IsAsciiDigit(c) || c is >= 'a' and <= 'f');

    private static ProblemHttpResult AgentNotFound(string agentId) => Problems.NotFound($"No agent with id '{(IsAgentId(agentId) ? agentId : "?")}'.");

    private static async Task<Results<Created<RegisterAgentResponse>, ValidationProblem, ProblemHttpResult>> RegisterAsync(
        HttpContext http, IGrainFactory grains, ClusterCalls calls)
    {
        var body = await RequestJson.ReadAsync<RegisterAgentRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        var errors = new List<(string, string)>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > MaxName)
        {
            errors.Add(("$.name", $"Required: a name of 1 to {MaxName} characters."));
        }

        if (request.Capabilities is not { Count: > 0 } capabilities)
        {
            errors.Add(("$.capabilities", "Required: a non-empty array of capability names such as \"docs.render\"."));
        }
        else if (capabilities.Count > MaxCapabilities)
        {
            errors.Add(("$.capabilities", $"At most {MaxCapabilities} capabilities, not {capabilities.Count}."));
        }
        else
        {
            for (var i = 0; i < capabilities.Count; i++)
            {
                if (!AgentNames.IsCapability(capabilities[i]))
                {
                    errors.Add(($"$.capabilities[{i}]", $"Not a valid capability: {AgentNames.CapabilityRule}."));
                }
                else if (capabilities.Take(i).Contains(capabilities[i], StringComparer.Ordinal))
                {
                    errors.Add(($"$.capabilities[{i}]", $"'{capabilities[i]}' is listed twice."));
                }
            }
        }

        if (request.MaxConcurrency is < 1 or > MaxConcurrencyLimit)
        {
            errors.Add(("$.maxConcurrency", $"Must be 1 to {MaxConcurrencyLimit}, not {request.MaxConcurrency}."));
        }

        if (request.Labels is { Count: > MaxLabels })
        {
            errors.Add(("$.labels", $"At most {MaxLabels} labels, not {request.Labels.Count}."));
        }

        foreach (var (key, value) in request.Labels ?? new Dictionary<string, string>())
        {
            if (key.Length is 0 or > MaxLabelKey)
            {
                errors.Add(("$.labels", $"Label names are 1 to {MaxLabelKey} characters, not {key.Length}."));
            }
            else if (value is null || value.Length > MaxLabelValue)
            {
                errors.Add(($"$.labels.{key}", $"A label value is a string of at most {MaxLabelValue} characters{(value is null ? "" : $", not {value.Length}")}."));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var agentId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var registration = new AgentRegistration(http.User.Actor(), request.Name!.Trim(), [.. request.Capabilities!], request.MaxConcurrency ?? 1,
            new Dictionary<string, string>(request.Labels ?? new Dictionary<string, string>(), StringComparer.Ordinal));
        var agent = await calls.RunAsync(() => grains.GetGrain<IAgentGrain>(agentId).RegisterAsync(registration), http.RequestAborted);
        var interval = agent.HeartbeatInterval;
        return TypedResults.Created($"/api/v1/agents/{agentId}",
            new RegisterAgentResponse(agentId, XmlConvert.ToString(interval), (int)Math.Ceiling(interval.TotalSeconds)));
    }

    private static async Task<Ok<AgentListResponse>> ListAsync(
        [Description("Only agents serving this capability.")] string? capability,
        [Description("Only agents with this status: healthy, unhealthy or draining.")] string? status,
        IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        var ids = await calls.RunAsync(() => grains.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).ListAgentsAsync(), http.RequestAborted);
        var agents = await Task.WhenAll(ids.Select(id => calls.RunAsync(() => grains.GetGrain<IAgentGrain>(id).GetAsync(), http.RequestAborted)));
        var listed = agents.OfType<AgentSnapshot>()
            .Where(a => capability is null || a.Registration.Capabilities.Contains(capability, StringComparer.Ordinal))
            .Select(AgentResponse.From)
            .Where(a => status is null || string.Equals(a.Status, status, StringComparison.OrdinalIgnoreCase));
        return TypedResults.Ok(new AgentListResponse([.. listed]));
    }

    private static async Task<Results<Ok<AgentResponse>, ProblemHttpResult>> GetAsync(
        [Description("The agent id.")] string agentId, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        var agent = IsAgentId(agentId) ? await calls.RunAsync(() => grains.GetGrain<IAgentGrain>(agentId).GetAsync(), http.RequestAborted) : null;
        return agent is null ? AgentNotFound(agentId) : TypedResults.Ok(AgentResponse.From(agent));
    }

    private static async Task<Results<Accepted<AgentResponse>, ProblemHttpResult>> DeleteAsync(
        [Description("The agent id.")] string agentId, IGrainFactory grains, ClusterCalls calls, HttpContext http)
    {
        if (!IsAgentId(agentId))
        {
            return AgentNotFound(agentId); // before GetGrain, which refuses a blank key with an exception (found by the fuzzer)
        }

        var grain = grains.GetGrain<IAgentGrain>(agentId);
        var agent = await calls.RunAsync(() => grain.GetAsync(), http.RequestAborted);
        if (agent is null)
        {
            return AgentNotFound(agentId);
        }

        if (agent.Owner != http.User.Actor() && !http.User.AllowsSome(Permissions.AgentsAdmin))
        {
            return NotOwner(agentId);
        }

        await calls.RunAsync(() => grain.DrainAsync(), http.RequestAborted);
        var after = await calls.RunAsync(() => grain.GetAsync(), http.RequestAborted);
        return TypedResults.Accepted($"/api/v1/agents/{agentId}", AgentResponse.From(after ?? agent with { Status = AgentStatus.Draining, Leases = [] }));
    }

    private static ProblemHttpResult NotOwner(string agentId) =>
        Problems.Forbidden($"Agent '{agentId}' was registered by another principal; only it may act as the agent.");
}
