namespace Automation.Api.Contracts;

/// <summary>A browser session for the Orleans dashboard, carried by an HttpOnly cookie valid only under it.</summary>
/// <param name="Url">Where the dashboard is: open it in the same browser.</param>
/// <param name="ExpiresAt">When the session ends (the caller's token expiry at the latest); ask again after it.</param>
public sealed record DashboardSessionResponse(string Url, DateTimeOffset ExpiresAt);
