namespace Automation.Api.Contracts;

/// <summary>A dependency: <paramref name="From"/> depends on <paramref name="To"/>.</summary>
/// <param name="From">The dependent service.</param>
/// <param name="To">The service it needs.</param>
public sealed record ServiceEdgeResponse(string From, string To);
