namespace Automation.Postgres.Statistics;

/// <summary>How the PostgreSQL server looks from this process.</summary>
/// <param name="Healthy">Whether the trivial query answered.</param>
/// <param name="LatencyMs">Round trip of the trivial query (<c>SELECT 1</c>) on an open connection, milliseconds; null when it failed.</param>
/// <param name="ServerVersion">The server's version, e.g. <c>15.14</c>; null when unreachable.</param>
/// <param name="DatabaseSizeBytes">The size of the database on disk; null when unreachable.</param>
/// <param name="Connections">Connections to this database now (every client, all states); null when unreachable.</param>
/// <param name="MaxConnections">The server's <c>max_connections</c>; null when unreachable.</param>
/// <param name="Error">Why it is unhealthy; null when healthy.</param>
public sealed record DatabaseStatus(
    bool Healthy, double? LatencyMs, string? ServerVersion, long? DatabaseSizeBytes, int? Connections, int? MaxConnections, string? Error);
