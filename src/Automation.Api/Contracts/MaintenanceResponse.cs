namespace Automation.Api.Contracts;

/// <summary>A maintenance window.</summary>
/// <param name="Until">When it ends.</param>
/// <param name="Reason">Why.</param>
/// <param name="SetBy">Who set it.</param>
/// <param name="SetAt">When it was set.</param>
/// <param name="Active">Whether it is in force now.</param>
public sealed record MaintenanceResponse(DateTimeOffset Until, string? Reason, string? SetBy, DateTimeOffset SetAt, bool Active);
