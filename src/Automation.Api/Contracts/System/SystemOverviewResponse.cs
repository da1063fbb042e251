namespace Automation.Api.Contracts;

/// <summary>The processes and the database: what the console's system page shows.</summary>
/// <param name="Version">The API's version (its assembly's informational version).</param>
/// <param name="GeneratedAt">When the answer was computed.</param>
/// <param name="Silos">
/// The cluster's silos as the gateway silo's membership view has them (not read from the table, so they are listed
/// while PostgreSQL is down): active ones first, then the latest others. Empty when the cluster did not answer.
/// </param>
/// <param name="ActiveSilos">Silos in the Active status.</param>
/// <param name="Activations">Grain activations over the active silos; null when their statistics could not be read.</param>
/// <param name="Database">PostgreSQL as this API process sees it.</param>
/// <param name="ClusterError">Why <paramref name="Silos"/> is empty: the cluster did not answer within 2 s or failed.</param>
/// <param name="OrleansDashboard">Where the API serves the Orleans dashboard (needs cluster:read, sent as a header).</param>
public sealed record SystemOverviewResponse(
    string Version, DateTimeOffset GeneratedAt, IReadOnlyList<SiloResponse> Silos, int ActiveSilos, long? Activations,
    DatabaseStatusResponse Database, string? ClusterError, string OrleansDashboard);
