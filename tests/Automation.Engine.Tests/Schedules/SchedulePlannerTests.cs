using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Schedules;
using Automation.Schedules;

namespace Automation.Engine.Tests.Schedules;

/// <summary>The pure schedule decisions: fire times (time zones, DST, seconds), catch-up, overlap and jitter.</summary>
public sealed class SchedulePlannerTests
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(15);
    private static readonly DateTimeOffset T0 = new(2026, 11, 29, 12, 0, 0, TimeSpan.Zero);

    private static ScheduleCalendar Calendar(string cron, string zone = "UTC")
    {
        var errors = new List<ValidationError>();
        var calendar = ScheduleCalendar.TryCreate(cron, zone, errors);
        errors.Should().BeEmpty();
        return calendar!;
    }

    private static ScheduleSpec Spec(string cron, ScheduleCatchUp catchUp = ScheduleCatchUp.Skip, TimeSpan? window = null, TimeSpan? jitter = null) =>
        new(cron, "UTC", "d", null, JsonDocument.Parse("{}").RootElement) { CatchUp = catchUp, CatchUpWindow = window, Jitter = jitter };

    [Fact]
    public void TryCreate_FiveFields_FiresEveryMinute()
    {
        var next = Calendar("*/15 * * * *").Next(T0, 3);

        next.Should().Equal(T0.AddMinutes(15), T0.AddMinutes(30), T0.AddMinutes(45));
    }

    [Fact]
    public void TryCreate_SixFields_ReadsSecondsFirst()
    {
        var next = Calendar("*/2 * * * * *").Next(T0, 3);

        next.Should().Equal(T0.AddSeconds(2), T0.AddSeconds(4), T0.AddSeconds(6));
    }

    [Theory]
    [InlineData("* * * *", "$.cron", "4 fields")]
    [InlineData("* * * * * * *", "$.cron", "7 fields")]
    [InlineData("61 * * * *", "$.cron", "Not a valid cron expression")]
    [InlineData("* * * * mon-xx", "$.cron", "Not a valid cron expression")]
    public void TryCreate_BadCron_NamesTheField(string cron, string field, string message)
    {
        var errors = new List<ValidationError>();

        var calendar = ScheduleCalendar.TryCreate(cron, "UTC", errors);

        calendar.Should().BeNull();
        errors.Should().ContainSingle().Which.Should().Match<ValidationError>(e => e.Path == field && e.Message.Contains(message));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("W. Europe Standard Time")]
    [InlineData("")]
    public void TryCreate_UnknownTimeZone_NamesTheField(string zone)
    {
        var errors = new List<ValidationError>();

        ScheduleCalendar.TryCreate("0 * * * *", zone, errors);

        errors.Should().ContainSingle().Which.Path.Should().Be("$.timeZone");
    }

    [Fact]
    public void Next_EuropeBerlin_FollowsDaylightSavingTime()
    {
        var calendar = Calendar("0 9 * * *", "Europe/Berlin");

        var next = calendar.Next(new DateTimeOffset(2026, 3, 27, 12, 0, 0, TimeSpan.Zero), 3);

        // 09:00 CET is 08:00 UTC; from 29 March, 09:00 CEST is 07:00 UTC.
        next.Should().Equal(
            new DateTimeOffset(2026, 3, 28, 8, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 29, 7, 0, 0, TimeSpan.Zero),
            new DateTimeOffset(2026, 3, 30, 7, 0, 0, TimeSpan.Zero));
    }

    [Fact]
    public void Next_EuropeBerlin_SkippedHourFiresOnceWhenTheGapEnds_RepeatedHourFiresOnce()
    {
        var calendar = Calendar("30 2 * * *", "Europe/Berlin");

        var spring = calendar.Next(new DateTimeOffset(2026, 3, 28, 12, 0, 0, TimeSpan.Zero), 1);
        var autumn = calendar.Next(new DateTimeOffset(2026, 10, 24, 12, 0, 0, TimeSpan.Zero), 2);

        // 29 March: 02:30 does not exist; it fires at 03:00 CEST (01:00 UTC).
        spring.Should().Equal(new DateTimeOffset(2026, 3, 29, 1, 0, 0, TimeSpan.Zero));
        // 25 October: 02:30 happens twice; it fires at the first (CEST, 00:30 UTC), then the next day.
        autumn.Should().Equal(new DateTimeOffset(2026, 10, 25, 0, 30, 0, TimeSpan.Zero), new DateTimeOffset(2026, 10, 26, 1, 30, 0, TimeSpan.Zero));
    }

    [Fact]
    public void WorkflowIdFor_IsTheUtcFireTime()
    {
        var id = SchedulePlanner.WorkflowIdFor("nightly", new DateTimeOffset(2026, 3, 29, 3, 0, 5, TimeSpan.FromHours(2)));

        id.Should().Be("nightly:20260329T010005Z");
    }

    [Fact]
    public void Plan_OnTime_StartsTheDueFireAndWakesAtTheNext()
    {
        var plan = SchedulePlanner.Plan(Calendar("* * * * *"), Spec("* * * * *"), "s", T0.AddSeconds(-30), T0.AddSeconds(1), Grace);

        plan.Fires.Should().Equal(T0);
        plan.Skipped.Should().Be(0);
        plan.Cursor.Should().Be(T0);
        plan.NextWakeAt.Should().Be(T0.AddMinutes(1));
    }

    [Fact]
    public void Plan_NothingDue_KeepsTheCursorAndWakesAtTheNextFire()
    {
        var plan = SchedulePlanner.Plan(Calendar("0 * * * *"), Spec("0 * * * *"), "s", T0, T0.AddMinutes(10), Grace);

        plan.Fires.Should().BeEmpty();
        plan.Cursor.Should().Be(T0);
        plan.NextWakeAt.Should().Be(T0.AddHours(1));
    }

    [Fact]
    public void Plan_CatchUpSkip_AfterAnOutage_StartsOnlyOnTimeFires()
    {
        // Every 10 s; down from T0 to T0+60 s; woken at T0+61 s.
        var plan = SchedulePlanner.Plan(Calendar("*/10 * * * * *"), Spec("*/10 * * * * *", ScheduleCatchUp.Skip), "s", T0, T0.AddSeconds(61), Grace);

        plan.Fires.Should().Equal(T0.AddSeconds(50), T0.AddSeconds(60));
        plan.Skipped.Should().Be(4);
        plan.Cursor.Should().Be(T0.AddSeconds(60));
    }

    [Fact]
    public void Plan_CatchUpOne_StartsTheLatestMissedAndTheOnTimeOnes()
    {
        var plan = SchedulePlanner.Plan(Calendar("0 * * * *"), Spec("0 * * * *", ScheduleCatchUp.One), "s", T0, T0.AddHours(5).AddMinutes(30), Grace);

        plan.Fires.Should().Equal(T0.AddHours(5));
        plan.Skipped.Should().Be(4);
        plan.Cursor.Should().Be(T0.AddHours(5));
        plan.NextWakeAt.Should().Be(T0.AddHours(6));
    }

    [Fact]
    public void Plan_CatchUpAll_StartsEveryMissedFireWithinTheWindow()
    {
        var spec = Spec("0 * * * *", ScheduleCatchUp.All, window: TimeSpan.FromHours(3));

        var plan = SchedulePlanner.Plan(Calendar("0 * * * *"), spec, "s", T0, T0.AddHours(5).AddMinutes(30), Grace);

        plan.Fires.Should().Equal(T0.AddHours(3), T0.AddHours(4), T0.AddHours(5));
        plan.Cursor.Should().Be(T0.AddHours(5));
    }

    [Fact]
    public void Plan_CatchUpAll_ManyMissed_StartsAtMostOneHundredAndWakesAtOnce()
    {
        var spec = Spec("* * * * * *", ScheduleCatchUp.All, window: TimeSpan.FromHours(1));
        var now = T0.AddMinutes(10);

        var plan = SchedulePlanner.Plan(Calendar("* * * * * *"), spec, "s", T0, now, Grace);

        plan.Fires.Should().HaveCount(SchedulePlanner.MaxFiresPerPlan).And.BeInAscendingOrder();
        plan.Fires[0].Should().Be(T0.AddSeconds(1));
        plan.NextWakeAt.Should().Be(now);
        var rest = SchedulePlanner.Plan(Calendar("* * * * * *"), spec, "s", plan.Cursor, now, Grace);
        rest.Fires[0].Should().Be(T0.AddSeconds(101));
    }

    [Fact]
    public void Plan_CatchUpSkip_LongOutageOfAPerSecondSchedule_SkipsThemAllInOneWake()
    {
        var spec = Spec("* * * * * *", ScheduleCatchUp.Skip);
        var now = T0.AddHours(2);

        var plan = SchedulePlanner.Plan(Calendar(spec.Cron), spec, "s", T0, now, Grace);

        // On time: the 16 fires from now - 15 s to now (the grace is inclusive).
        plan.Fires.Should().HaveCount(16).And.OnlyContain(f => f >= now - Grace);
        plan.Skipped.Should().Be((2 * 3600) - 16);
        plan.Cursor.Should().Be(now);
        plan.NextWakeAt.Should().Be(now.AddSeconds(1));
    }

    [Fact]
    public void Plan_AfterACrashMidFire_PlansTheSameFiresAgain()
    {
        // The cursor is written after the starts: a crash before the write re-plans the same fire times (same ids).
        var spec = Spec("*/2 * * * * *", ScheduleCatchUp.All, window: TimeSpan.FromMinutes(5));
        var first = SchedulePlanner.Plan(Calendar(spec.Cron), spec, "s", T0, T0.AddSeconds(7), Grace);

        var again = SchedulePlanner.Plan(Calendar(spec.Cron), spec, "s", T0, T0.AddSeconds(9), Grace);

        first.Fires.Select(f => SchedulePlanner.WorkflowIdFor("s", f)).Should().BeSubsetOf(again.Fires.Select(f => SchedulePlanner.WorkflowIdFor("s", f)));
    }

    [Fact]
    public void JitterFor_IsBelowTheBoundAndDeterministic()
    {
        var jitter = TimeSpan.FromSeconds(30);
        var fires = Enumerable.Range(0, 500).Select(i => T0.AddMinutes(i)).ToList();

        var delays = fires.Select(f => SchedulePlanner.JitterFor("s", f, jitter)).ToList();

        delays.Should().OnlyContain(d => d >= TimeSpan.Zero && d < jitter);
        delays.Distinct().Should().HaveCountGreaterThan(100, "the delays spread over the bound");
        fires.Select(f => SchedulePlanner.JitterFor("s", f, jitter)).Should().Equal(delays);
        SchedulePlanner.JitterFor("s", T0, null).Should().Be(TimeSpan.Zero);
    }

    [Fact]
    public void Plan_WithJitter_WaitsForTheDelayedFire()
    {
        var spec = Spec("0 * * * *", jitter: TimeSpan.FromMinutes(10));
        var delay = SchedulePlanner.JitterFor("s", T0, spec.Jitter);

        var before = SchedulePlanner.Plan(Calendar(spec.Cron), spec, "s", T0.AddMinutes(-1), T0 + delay - TimeSpan.FromMilliseconds(1), Grace);
        var after = SchedulePlanner.Plan(Calendar(spec.Cron), spec, "s", T0.AddMinutes(-1), T0 + delay, Grace);

        before.Fires.Should().BeEmpty();
        before.NextWakeAt.Should().Be(T0 + delay);
        before.Cursor.Should().BeBefore(T0);
        after.Fires.Should().Equal(T0);
    }

    [Theory]
    [InlineData(ScheduleOverlap.Skip, false, false, OverlapAction.Start)]
    [InlineData(ScheduleOverlap.Skip, true, false, OverlapAction.Skip)]
    [InlineData(ScheduleOverlap.Allow, true, false, OverlapAction.Start)]
    [InlineData(ScheduleOverlap.BufferOne, true, false, OverlapAction.Buffer)]
    [InlineData(ScheduleOverlap.BufferOne, true, true, OverlapAction.Skip)]
    [InlineData(ScheduleOverlap.BufferOne, false, true, OverlapAction.Start)]
    [InlineData(ScheduleOverlap.CancelPrevious, true, false, OverlapAction.CancelPreviousThenStart)]
    [InlineData(ScheduleOverlap.CancelPrevious, false, false, OverlapAction.Start)]
    public void Decide_FollowsThePolicy(ScheduleOverlap overlap, bool previousActive, bool hasBuffered, OverlapAction expected)
    {
        SchedulePlanner.Decide(overlap, previousActive, hasBuffered).Should().Be(expected);
    }
}
