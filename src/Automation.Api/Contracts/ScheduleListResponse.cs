namespace Automation.Api.Contracts;

/// <summary>Every schedule, ordered by id; runs are listed without their status (read one schedule for it).</summary>
/// <param name="Items">The schedules.</param>
public sealed record ScheduleListResponse(IReadOnlyList<ScheduleResponse> Items);
