namespace Automation.Api.Contracts;

/// <summary>One silo of the cluster.</summary>
/// <param name="Address">Its address (endpoint and generation).</param>
/// <param name="Name">Its silo name.</param>
/// <param name="HostName">The host it runs on; null when the membership table could not be read (PostgreSQL down).</param>
/// <param name="Status">Its membership status: Created, Joining, Active, ShuttingDown, Stopping or Dead.</param>
/// <param name="StartedAt">When it started; null when the membership table could not be read.</param>
/// <param name="LastAliveAt">When it last wrote that it is alive; null when unknown.</param>
/// <param name="Activations">Grain activations on it; null when it is not active or did not answer.</param>
/// <param name="CpuUsagePercent">Its CPU use, percent; null when unknown.</param>
/// <param name="MemoryUsageBytes">Its memory use; null when unknown.</param>
/// <param name="Overloaded">Whether it reports itself overloaded; null when unknown.</param>
/// <param name="Error">Why its statistics are missing although it is active (no answer within 2 s, or a failure).</param>
public sealed record SiloResponse(
    string Address, string Name, string? HostName, string Status, DateTimeOffset? StartedAt, DateTimeOffset? LastAliveAt,
    int? Activations, double? CpuUsagePercent, long? MemoryUsageBytes, bool? Overloaded, string? Error);
