using System.Globalization;
using Automation.Schedules;

namespace Automation.Engine.Schedules;

/// <summary>
/// The pure decisions of a schedule: which fires are due (catch-up), what a fire does while the previous run is active
/// (overlap), and each fire's jitter. No clock and no I/O: the grain passes the time in.
/// </summary>
public static class SchedulePlanner
{
    /// <summary>How far back <see cref="ScheduleCatchUp.One"/> looks for the latest missed fire (and skip counts the ones it drops).</summary>
    public static readonly TimeSpan OneLookback = TimeSpan.FromDays(1);

    /// <summary>The longest <see cref="ScheduleSpec.CatchUpWindow"/> accepted.</summary>
    public static readonly TimeSpan MaxCatchUpWindow = TimeSpan.FromDays(7);

    /// <summary>The most fires started in one wake; the rest wait for the next (at once).</summary>
    public const int MaxFiresPerPlan = 100;

    /// <summary>The most fire times looked at in one wake (a day of a per-second expression).</summary>
    public const int MaxScanPerPlan = 100_000;

    /// <summary>The workflow id of a fire: <c>{scheduleId}:{yyyyMMddTHHmmssZ}</c> of its UTC fire time.</summary>
    /// <param name="scheduleId">The schedule id.</param>
    /// <param name="scheduledAt">The fire time.</param>
    /// <returns>The id.</returns>
    public static string WorkflowIdFor(string scheduleId, DateTimeOffset scheduledAt) =>
        scheduleId + ":" + scheduledAt.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    /// <summary>The workflow id of a manual trigger: <c>{scheduleId}:manual-{yyyyMMddTHHmmssfffZ}</c>.</summary>
    /// <param name="scheduleId">The schedule id.</param>
    /// <param name="at">When it was triggered.</param>
    /// <returns>The id.</returns>
    public static string ManualWorkflowIdFor(string scheduleId, DateTimeOffset at) =>
        scheduleId + ":manual-" + at.UtcDateTime.ToString("yyyyMMdd'T'HHmmssfff'Z'", CultureInfo.InvariantCulture);

    /// <summary>
    /// The delay of one fire: a deterministic pseudo-random amount in [0, <paramref name="jitter"/>), from a hash of the
    /// schedule id and the fire time, so every silo and every retry computes the same.
    /// </summary>
    /// <param name="scheduleId">The schedule id.</param>
    /// <param name="scheduledAt">The fire time.</param>
    /// <param name="jitter">The bound; zero or <see langword="null"/> for none.</param>
    /// <returns>The delay, whole milliseconds.</returns>
    public static TimeSpan JitterFor(string scheduleId, DateTimeOffset scheduledAt, TimeSpan? jitter)
    {
        var bound = (long)(jitter ?? TimeSpan.Zero).TotalMilliseconds;
        if (bound <= 0)
        {
            return TimeSpan.Zero;
        }

        // FNV-1a, 64 bit: stable across processes and versions (string.GetHashCode is not).
        var hash = 14695981039346656037UL;
        foreach (var c in scheduleId)
        {
            hash = (hash ^ c) * 1099511628211UL;
        }

        var ticks = (ulong)scheduledAt.UtcTicks;
        for (var i = 0; i < 8; i++)
        {
            hash = (hash ^ ((ticks >> (8 * i)) & 0xFF)) * 1099511628211UL;
        }

        return TimeSpan.FromMilliseconds((long)(hash % (ulong)bound));
    }

    /// <summary>
    /// The fires due at <paramref name="now"/> after <paramref name="cursor"/>. A fire is due once its time plus jitter
    /// has passed; it is on time when it is due by at most <paramref name="grace"/>, and missed when later than that
    /// (the cluster was down). On-time fires always start; missed ones follow <see cref="ScheduleSpec.CatchUp"/>.
    /// </summary>
    /// <param name="calendar">The fire times.</param>
    /// <param name="spec">The schedule (catch-up, window, jitter).</param>
    /// <param name="scheduleId">The schedule id (for jitter).</param>
    /// <param name="cursor">The latest fire time already handled (or the creation or resume time).</param>
    /// <param name="now">The time now.</param>
    /// <param name="grace">How late a fire may be and still count as on time.</param>
    /// <returns>The plan.</returns>
    public static SchedulePlan Plan(ScheduleCalendar calendar, ScheduleSpec spec, string scheduleId, DateTimeOffset cursor, DateTimeOffset now, TimeSpan grace)
    {
        var lookback = spec.CatchUp switch
        {
            ScheduleCatchUp.All => spec.CatchUpWindow ?? TimeSpan.Zero,
            _ => OneLookback, // skip looks back too, so that the fires it drops are counted
        };
        lookback = (lookback > grace ? lookback : grace) + (spec.Jitter ?? TimeSpan.Zero);
        var from = now - lookback > cursor ? now - lookback : cursor;
        var due = new List<DateTimeOffset>();
        DateTimeOffset? nextWake = null;
        for (var at = calendar.NextAfter(from); at is { } fire; at = calendar.NextAfter(fire))
        {
            var dueAt = fire + JitterFor(scheduleId, fire, spec.Jitter);
            if (dueAt > now)
            {
                nextWake = dueAt;
                break;
            }

            if (due.Count == MaxScanPerPlan)
            {
                nextWake = now;
                break;
            }

            due.Add(fire);
        }

        var onTime = due.Where(f => now - (f + JitterFor(scheduleId, f, spec.Jitter)) <= grace).ToList();
        var missed = due.Except(onTime).ToList();
        var kept = spec.CatchUp switch
        {
            ScheduleCatchUp.One => missed.Count == 0 ? [] : [missed[^1]],
            ScheduleCatchUp.All => missed.Where(f => f >= now - (spec.CatchUpWindow ?? TimeSpan.Zero)).ToList(),
            _ => new List<DateTimeOffset>(),
        };
        var fires = kept.Concat(onTime).Order().ToList();
        var handled = due.Count > 0 ? due[^1] : cursor; // moves only with a fire, so a wake with nothing due writes nothing
        if (fires.Count > MaxFiresPerPlan)
        {
            // Start the oldest 100 now and the rest in the next wake, at once.
            fires = fires[..MaxFiresPerPlan];
            handled = fires[^1];
            nextWake = now;
        }

        var skipped = missed.Count(f => f <= handled) - kept.Count(f => f <= handled);
        return new SchedulePlan(fires, skipped, handled, nextWake);
    }

    /// <summary>What a fire does while the previous run may be active.</summary>
    /// <param name="overlap">The policy.</param>
    /// <param name="previousActive">Whether the schedule's latest run is running or paused.</param>
    /// <param name="hasBuffered">Whether a fire is already buffered.</param>
    /// <returns>The action.</returns>
    public static OverlapAction Decide(ScheduleOverlap overlap, bool previousActive, bool hasBuffered) =>
        !previousActive ? OverlapAction.Start : overlap switch
        {
            ScheduleOverlap.Allow => OverlapAction.Start,
            ScheduleOverlap.CancelPrevious => OverlapAction.CancelPreviousThenStart,
            ScheduleOverlap.BufferOne => hasBuffered ? OverlapAction.Skip : OverlapAction.Buffer,
            _ => OverlapAction.Skip,
        };
}
