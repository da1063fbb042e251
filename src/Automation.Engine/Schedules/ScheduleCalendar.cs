using Automation.Definitions;
using Cronos;

namespace Automation.Engine.Schedules;

/// <summary>A parsed cron expression read in a time zone: the fire times of a schedule.</summary>
public sealed class ScheduleCalendar
{
    private readonly CronExpression _cron;
    private readonly TimeZoneInfo _zone;

    private ScheduleCalendar(CronExpression cron, TimeZoneInfo zone)
    {
        _cron = cron;
        _zone = zone;
    }

    /// <summary>
    /// Parses a cron expression of 5 fields (minute first) or 6 (second first) and an IANA time zone, adding each
    /// problem to <paramref name="errors"/> under <c>$.cron</c> or <c>$.timeZone</c>.
    /// </summary>
    /// <param name="cron">The expression.</param>
    /// <param name="timeZone">The IANA zone id, e.g. <c>Europe/Berlin</c>.</param>
    /// <param name="errors">Receives the problems.</param>
    /// <returns>The calendar, or <see langword="null"/> when there were problems.</returns>
    public static ScheduleCalendar? TryCreate(string cron, string timeZone, List<ValidationError> errors)
    {
        CronExpression? expression = null;
        var fields = cron.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length;
        if (fields is not (5 or 6))
        {
            errors.Add(new("$.cron", $"Has {fields} fields; use 5 (minute hour day-of-month month day-of-week) or 6 (second first)."));
        }
        else
        {
            try
            {
                expression = CronExpression.Parse(cron.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
            }
            catch (CronFormatException ex)
            {
                errors.Add(new("$.cron", $"Not a valid cron expression: {ex.Message}"));
            }
        }

        TimeZoneInfo? zone = null;
        if (!TimeZoneInfo.TryFindSystemTimeZoneById(timeZone, out zone) || !zone.HasIanaId)
        {
            errors.Add(new("$.timeZone", $"Unknown time zone '{timeZone}'; use an IANA id such as UTC or Europe/Berlin."));
            zone = null;
        }

        return expression is not null && zone is not null ? new ScheduleCalendar(expression, zone) : null;
    }

    /// <summary>The first fire time strictly after <paramref name="after"/>, or <see langword="null"/> when there is none.</summary>
    /// <param name="after">The instant.</param>
    /// <returns>The fire time, in UTC.</returns>
    public DateTimeOffset? NextAfter(DateTimeOffset after) =>
        _cron.GetNextOccurrence(after.ToUniversalTime(), _zone, inclusive: false)?.ToUniversalTime();

    /// <summary>The next <paramref name="count"/> fire times strictly after <paramref name="after"/>.</summary>
    /// <param name="after">The instant.</param>
    /// <param name="count">How many.</param>
    /// <returns>The fire times in UTC, ascending (fewer when the expression ends, e.g. a past year).</returns>
    public IReadOnlyList<DateTimeOffset> Next(DateTimeOffset after, int count)
    {
        var fires = new List<DateTimeOffset>(count);
        var at = after;
        while (fires.Count < count && NextAfter(at) is { } next)
        {
            fires.Add(next);
            at = next;
        }

        return fires;
    }
}
