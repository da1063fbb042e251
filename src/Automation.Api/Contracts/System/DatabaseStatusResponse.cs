namespace Automation.Api.Contracts;

/// <summary>PostgreSQL's health as the API process sees it.</summary>
/// <param name="Healthy">Whether a trivial query answered.</param>
/// <param name="LatencyMs">Round trip of <c>SELECT 1</c> on an open connection, milliseconds.</param>
/// <param name="ServerVersion">The server version.</param>
/// <param name="DatabaseSizeBytes">The database's size on disk.</param>
/// <param name="Connections">Connections to this database now, from every process.</param>
/// <param name="MaxConnections">The server's max_connections.</param>
/// <param name="Error">Why it is unhealthy.</param>
public sealed record DatabaseStatusResponse(
    bool Healthy, double? LatencyMs, string? ServerVersion, long? DatabaseSizeBytes, int? Connections, int? MaxConnections, string? Error);
