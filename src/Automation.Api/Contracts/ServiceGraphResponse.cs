namespace Automation.Api.Contracts;

/// <summary>The dependency graph of every monitored service.</summary>
/// <param name="Nodes">The services with their statuses.</param>
/// <param name="Edges">One per dependency: <c>from</c> depends on <c>to</c>.</param>
public sealed record ServiceGraphResponse(IReadOnlyList<ServiceNodeResponse> Nodes, IReadOnlyList<ServiceEdgeResponse> Edges);
