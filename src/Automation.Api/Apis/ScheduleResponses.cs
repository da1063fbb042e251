using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Schedules;
using Automation.Workflows;

namespace Automation.Api.Apis;

/// <summary>Maps schedule snapshots onto responses.</summary>
internal static class ScheduleResponses
{
    /// <summary>The response for a snapshot; <paramref name="statuses"/> are the runs' current statuses, when read.</summary>
    public static ScheduleResponse From(ScheduleSnapshot s, IReadOnlyList<WorkflowStatus?>? statuses)
    {
        var spec = s.Spec;
        var runs = s.Runs.Select((r, i) => new ScheduleRunResponse(r.WorkflowId, r.ScheduledAt, r.StartedAt, r.Manual, statuses?[i])).ToList();
        return new ScheduleResponse(
            s.Id, spec.Cron, spec.TimeZone, spec.Definition, spec.Version, spec.Input, spec.Tags,
            Name(spec.CatchUp), spec.CatchUpWindow is { } w ? Duration.Format(w) : null, Name(spec.Overlap),
            spec.Jitter is { } j ? Duration.Format(j) : null, spec.Paused, s.CreatedAt, s.UpdatedAt, s.CreatedBy,
            s.NextFires, runs, s.LastFireAt, s.Skipped, s.Buffered, s.LastError);
    }

    private static string Name<T>(T value)
        where T : struct, Enum => JsonNamingPolicy.CamelCase.ConvertName(value.ToString());
}
