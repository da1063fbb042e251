using System.Text.Json;

namespace Automation.Api.Contracts;

/// <summary>A schedule: its spec, state, next 10 fire times and latest runs.</summary>
/// <param name="Id">The schedule id.</param>
/// <param name="Cron">The cron expression.</param>
/// <param name="TimeZone">The IANA time zone.</param>
/// <param name="Definition">The definition it starts.</param>
/// <param name="Version">The pinned version, or <see langword="null"/> for the latest.</param>
/// <param name="Input">The input of every run.</param>
/// <param name="Tags">Extra tags of every run.</param>
/// <param name="CatchUp">skip, one or all.</param>
/// <param name="CatchUpWindow">The window of <c>all</c>, or <see langword="null"/>.</param>
/// <param name="Overlap">skip, allow, bufferOne or cancelPrevious.</param>
/// <param name="Jitter">The jitter bound, or <see langword="null"/>.</param>
/// <param name="Paused">Whether it is paused.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="UpdatedAt">When its spec or pause state last changed.</param>
/// <param name="CreatedBy">Who created it.</param>
/// <param name="NextFireTimes">The next 10 fire times, UTC, before jitter (empty while paused).</param>
/// <param name="RecentRuns">The latest 20 runs, newest first, with their current status.</param>
/// <param name="LastFireAt">The latest fire time handled (started, skipped or buffered).</param>
/// <param name="Skipped">Fires skipped so far by the overlap or catch-up policy.</param>
/// <param name="BufferedFire">The fire bufferOne keeps until the previous run ends, or <see langword="null"/>.</param>
/// <param name="LastError">Why the latest fire could not start, or <see langword="null"/>.</param>
public sealed record ScheduleResponse(
    string Id, string Cron, string TimeZone, string Definition, int? Version, JsonElement Input, IReadOnlyList<string> Tags,
    string CatchUp, string? CatchUpWindow, string Overlap, string? Jitter, bool Paused,
    DateTimeOffset CreatedAt, DateTimeOffset UpdatedAt, string? CreatedBy,
    IReadOnlyList<DateTimeOffset> NextFireTimes, IReadOnlyList<ScheduleRunResponse> RecentRuns,
    DateTimeOffset? LastFireAt, long Skipped, DateTimeOffset? BufferedFire, string? LastError);
