using System.ComponentModel;
using Automation.Agents;
using Automation.Api.Contracts;
using Automation.Api.Hosting;
using Automation.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/capabilities</c>: agent task queues by capability (depth, leases, waiting agents) and their limits.</summary>
internal static class CapabilitiesApi
{
    private const int MaxLimit = 100_000;

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapCapabilitiesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/capabilities").WithTags("Agents");
        group.MapGet("/", ListAsync).WithName("ListCapabilities")
            .WithSummary("Lists capabilities (served by an agent, limited, or with tasks queued) with their queue depth, leases, oldest queued age, waiting agents and limits.")
            .ProducesClusterUnavailable();
        group.MapPut("/{name}/limits", PutLimitsAsync).WithName("PutCapabilityLimits")
            .WithSummary("Sets a capability's limits across all its queue partitions: most tasks leased at once and most leases per second (null removes a limit).")
            .Accepts<PutCapabilityLimitsRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithParameterSchema("name", ParameterSchemas.Pattern(AgentNames.CapabilityPattern, 100));
        return group;
    }

    private static async Task<Ok<CapabilityListResponse>> ListAsync(
        IGrainFactory grains, ClusterCalls calls, HttpContext http, TimeProvider time)
    {
        var names = await calls.RunAsync(() => grains.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).ListCapabilitiesAsync(), http.RequestAborted);
        var capabilities = await Task.WhenAll(names.Select(name => ReadAsync(name, grains, calls, http, time)));
        return TypedResults.Ok(new CapabilityListResponse(capabilities));
    }

    private static async Task<Results<Ok<CapabilityResponse>, ValidationProblem, ProblemHttpResult>> PutLimitsAsync(
        [Description("The capability.")] string name, HttpContext http, IGrainFactory grains, ClusterCalls calls, TimeProvider time)
    {
        if (!AgentNames.IsCapability(name))
        {
            return Problems.Validation("name", $"Not a valid capability: {AgentNames.CapabilityRule}.");
        }

        var body = await RequestJson.ReadAsync<PutCapabilityLimitsRequest>(http);
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
        if (request.MaxConcurrency is < 1 or > MaxLimit)
        {
            errors.Add(("$.maxConcurrency", $"Must be 1 to {MaxLimit} (or null for no limit), not {request.MaxConcurrency}."));
        }

        if (request.MaxDispatchPerSecond is { } rate && (!double.IsFinite(rate) || rate <= 0 || rate > MaxLimit))
        {
            errors.Add(("$.maxDispatchPerSecond", $"Must be above 0 and at most {MaxLimit} (or null for no limit)."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var limits = new CapabilityLimits(request.MaxConcurrency, request.MaxDispatchPerSecond);
        await calls.RunAsync(async () =>
        {
            await grains.GetGrain<ICapabilityGrain>(name).SetLimitsAsync(limits);
            return true;
        }, http.RequestAborted);
        return TypedResults.Ok(await ReadAsync(name, grains, calls, http, time));
    }

    /// <summary>Sums the capability's partitions (each answers from memory; one that is not active is activated and loads its rows).</summary>
    internal static async Task<CapabilityResponse> ReadAsync(string name, IGrainFactory grains, ClusterCalls calls, HttpContext http, TimeProvider time)
    {
        var limits = await calls.RunAsync(() => grains.GetGrain<ICapabilityGrain>(name).GetLimitsAsync(), http.RequestAborted);
        var partitions = await calls.RunAsync(() => grains.GetGrain<ICapabilityGrain>(name).GetPartitionsAsync(), http.RequestAborted);
        var stats = await Task.WhenAll(Enumerable.Range(0, partitions).Select(p =>
            calls.RunAsync(() => grains.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(name, p)).GetStatsAsync(), http.RequestAborted)));
        var oldest = stats.Select(s => s.OldestEnqueuedAt).Where(o => o is not null).Min();
        return new CapabilityResponse(name, stats.Sum(s => s.Queued), stats.Sum(s => s.Leased),
            oldest is { } o ? Math.Max(0, Math.Round((time.GetUtcNow() - o).TotalSeconds, 3)) : 0,
            limits.MaxConcurrency, limits.MaxDispatchPerSecond, stats.Sum(s => s.WaitingAgents));
    }
}
