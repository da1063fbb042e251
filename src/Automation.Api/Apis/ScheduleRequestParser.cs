using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Schedules;

namespace Automation.Api.Apis;

/// <summary>Checks a schedule body field by field (the cron expression and time zone are checked by the grain, which parses them).</summary>
internal static class ScheduleRequestParser
{
    private static readonly TimeSpan MaxCatchUpWindow = TimeSpan.FromDays(7);
    private static readonly TimeSpan MaxJitter = TimeSpan.FromDays(1);
    private static readonly JsonElement EmptyInput = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>Parses the body; returns the spec, or <see langword="null"/> with the errors.</summary>
    public static ScheduleSpec? Parse(string scheduleId, PutScheduleRequest request, List<(string Field, string Message)> errors)
    {
        if (string.IsNullOrWhiteSpace(request.Cron))
        {
            errors.Add(("$.cron", "Required: a cron expression of 5 fields, or 6 with seconds first."));
        }

        if (!ResourceNames.IsDefinitionName(request.Definition))
        {
            errors.Add(("$.definition", $"Not a valid definition name: {ResourceNames.DefinitionNameRule}."));
        }

        if (request.Version is < 1)
        {
            errors.Add(("$.version", "Must be a whole number of at least 1."));
        }

        var timeZone = request.TimeZone ?? "UTC";
        var catchUp = ParseEnum(request.CatchUp, ScheduleCatchUp.One, "$.catchUp", "skip, one or all", errors);
        var overlap = ParseEnum(request.Overlap, ScheduleOverlap.Skip, "$.overlap", "skip, allow, bufferOne or cancelPrevious", errors);
        var window = ParseDuration(request.CatchUpWindow, "$.catchUpWindow", MaxCatchUpWindow, errors);
        if (catchUp == ScheduleCatchUp.All && request.CatchUpWindow is null)
        {
            errors.Add(("$.catchUpWindow", "Required with catchUp 'all': how far back missed fires are started, e.g. 1h (at most 7d)."));
        }
        else if (catchUp != ScheduleCatchUp.All && request.CatchUpWindow is not null)
        {
            errors.Add(("$.catchUpWindow", "Only with catchUp 'all'."));
        }

        var jitter = ParseDuration(request.Jitter, "$.jitter", MaxJitter, errors);
        var marker = "schedule:" + scheduleId;
        var tags = request.Tags ?? [];
        if (tags.Count > ResourceNames.MaxTags - 1)
        {
            errors.Add(("$.tags", $"At most {ResourceNames.MaxTags - 1} tags (every run also gets '{marker}'), not {tags.Count}."));
        }
        else
        {
            for (var i = 0; i < tags.Count; i++)
            {
                if (!ResourceNames.IsTag(tags[i]))
                {
                    errors.Add(($"$.tags[{i}]", $"Must be a valid tag: {ResourceNames.TagRule}."));
                }
                else if (tags.Take(i).Contains(tags[i], StringComparer.Ordinal) || tags[i] == marker)
                {
                    errors.Add(($"$.tags[{i}]", $"Duplicate tag '{tags[i]}' (every run gets '{marker}' anyway)."));
                }
            }
        }

        return errors.Count > 0 ? null : new ScheduleSpec(request.Cron.Trim(), timeZone, request.Definition, request.Version, request.Input?.Clone() ?? EmptyInput)
        {
            Tags = [.. tags],
            CatchUp = catchUp,
            CatchUpWindow = window,
            Overlap = overlap,
            Jitter = jitter,
            Paused = request.Paused ?? false,
        };
    }

    private static T ParseEnum<T>(string? text, T fallback, string field, string allowed, List<(string, string)> errors)
        where T : struct, Enum
    {
        if (text is null)
        {
            return fallback;
        }

        if (Enum.TryParse<T>(text, ignoreCase: true, out var value) && Enum.IsDefined(value) && !text.Any(char.IsDigit) && !text.Contains(','))
        {
            return value;
        }

        errors.Add((field, $"'{text}' is not allowed; use {allowed}."));
        return fallback;
    }

    private static TimeSpan? ParseDuration(string? text, string field, TimeSpan max, List<(string, string)> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!Duration.TryParse(text, out var value) || value <= TimeSpan.Zero || value > max)
        {
            errors.Add((field, $"'{text}' is not a duration above 0 and at most {Duration.Format(max)}: a number and a unit (ms, s, m, h, d), e.g. 30s."));
            return null;
        }

        return value;
    }
}
