using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>PUT /api/v1/schedules/{scheduleId}</c>. Unknown properties are rejected.</summary>
/// <param name="Cron">5 fields (minute hour day-of-month month day-of-week) or 6 with seconds first; Cronos syntax.</param>
/// <param name="Definition">The definition each fire starts.</param>
/// <param name="TimeZone">The IANA time zone the expression is read in; default UTC.</param>
/// <param name="Version">Pins a definition version; omitted, each fire starts the latest.</param>
/// <param name="Input">The input of every started workflow; default <c>{}</c>.</param>
/// <param name="Tags">Tags put on every started workflow, besides <c>schedule:{id}</c> (at most 19).</param>
/// <param name="CatchUp">Missed fires after an outage: <c>skip</c>, <c>one</c> (default: the latest) or <c>all</c> (within <paramref name="CatchUpWindow"/>).</param>
/// <param name="CatchUpWindow">How far back <c>all</c> reaches, e.g. <c>1h</c> (required with <c>all</c>; at most 7d).</param>
/// <param name="Overlap">While the previous run is active: <c>skip</c> (default), <c>allow</c>, <c>bufferOne</c> or <c>cancelPrevious</c>.</param>
/// <param name="Jitter">Delays each fire by a deterministic amount below this, e.g. <c>30s</c> (at most 1d).</param>
/// <param name="Paused">Creates or keeps the schedule paused.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record PutScheduleRequest(
    [property: Description("Cron expression: 5 fields, or 6 with seconds first.")] string Cron,
    [property: Description("The definition each fire starts.")] string Definition,
    [property: Description("IANA time zone; default UTC.")] string? TimeZone = null,
    [property: Description("A definition version; omitted, the latest at each fire.")] int? Version = null,
    JsonElement? Input = null,
    IReadOnlyList<string>? Tags = null,
    [property: Description("skip, one (default) or all.")] string? CatchUp = null,
    [property: Description("Duration such as 1h; required with catchUp all.")] string? CatchUpWindow = null,
    [property: Description("skip (default), allow, bufferOne or cancelPrevious.")] string? Overlap = null,
    [property: Description("Duration such as 30s.")] string? Jitter = null,
    bool? Paused = null);
