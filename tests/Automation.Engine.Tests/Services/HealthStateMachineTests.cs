using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Engine.Tests.Services;

/// <summary>The pure health state machine: thresholds, latency, maintenance and dependency impact (issue 11).</summary>
public sealed class HealthStateMachineTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);
    private static readonly HealthThresholds Thresholds = new(DegradedAfter: 1, UnhealthyAfter: 3, RecoverAfter: 2, LatencyDegradedMs: 500);

    private static ProbeResult Pass(double ms = 10) => new(T0, T0, ms, true, "HTTP 200") { StatusCode = 200 };

    private static ProbeResult Fail() => new(T0, T0, 10, false, "HTTP 503") { StatusCode = 503 };

    private static (HealthState State, List<HealthChange> Changes) Run(HealthState state, params ProbeResult[] probes)
    {
        var changes = new List<HealthChange>();
        foreach (var probe in probes)
        {
            var step = HealthStateMachine.Apply(state, probe, Thresholds, null, [], T0);
            state = step.State;
            if (step.Change is { } change)
            {
                changes.Add(change);
            }
        }

        return (state, changes);
    }

    [Fact]
    public void Apply_FirstPass_UnknownToHealthy()
    {
        var (state, changes) = Run(HealthState.Initial, Pass());

        state.Status.Should().Be(ServiceStatus.Healthy);
        changes.Should().ContainSingle().Which.Should().Be(new HealthChange(ServiceStatus.Unknown, ServiceStatus.Healthy, "first probe passed"));
    }

    [Fact]
    public void Apply_FailuresInARow_DegradedThenUnhealthyAtThresholds()
    {
        var (state, changes) = Run(HealthState.Initial, Pass(), Fail(), Fail(), Fail(), Fail());

        changes.Select(c => (c.From, c.To)).Should().Equal(
            (ServiceStatus.Unknown, ServiceStatus.Healthy),
            (ServiceStatus.Healthy, ServiceStatus.Degraded),
            (ServiceStatus.Degraded, ServiceStatus.Unhealthy));
        changes[2].Reason.Should().Be("3 consecutive failures (unhealthyAfter 3): HTTP 503");
        state.ConsecutiveFailures.Should().Be(4);
    }

    [Fact]
    public void Apply_PassesAfterUnhealthy_RecoverAfterPassesToHealthy()
    {
        var (unhealthy, _) = Run(HealthState.Initial, Fail(), Fail(), Fail());

        var (afterOne, none) = Run(unhealthy, Pass());
        var (afterTwo, recovered) = Run(afterOne, Pass());

        unhealthy.Status.Should().Be(ServiceStatus.Unhealthy);
        none.Should().BeEmpty();
        afterOne.Status.Should().Be(ServiceStatus.Unhealthy);
        recovered.Should().ContainSingle().Which.Should().Be(new HealthChange(ServiceStatus.Unhealthy, ServiceStatus.Healthy, "2 consecutive passes (recoverAfter 2)"));
        afterTwo.ConsecutivePasses.Should().Be(2);
    }

    [Fact]
    public void Apply_FailureBelowUnhealthyThenPasses_DegradedRecovers()
    {
        var (state, changes) = Run(HealthState.Initial, Pass(), Fail(), Pass(), Pass());

        state.Status.Should().Be(ServiceStatus.Healthy);
        changes.Select(c => c.To).Should().Equal(ServiceStatus.Healthy, ServiceStatus.Degraded, ServiceStatus.Healthy);
    }

    [Fact]
    public void Apply_SlowPass_HealthyToDegradedWithLatencyReason()
    {
        var (state, changes) = Run(HealthState.Initial, Pass(), Pass(ms: 800));

        state.Status.Should().Be(ServiceStatus.Degraded);
        changes[^1].Reason.Should().Be("probe took 800 ms (latencyDegradedMs 500)");
        state.ConsecutiveFailures.Should().Be(0);
    }

    [Fact]
    public void Apply_DegradedAfterTwo_OneFailureKeepsHealthy()
    {
        var thresholds = new HealthThresholds(DegradedAfter: 2, UnhealthyAfter: 3, RecoverAfter: 1);
        var healthy = HealthStateMachine.Apply(HealthState.Initial, Pass(), thresholds, null, [], T0).State;

        var step = HealthStateMachine.Apply(healthy, Fail(), thresholds, null, [], T0);

        step.Change.Should().BeNull();
        step.State.Status.Should().Be(ServiceStatus.Healthy);
        step.State.ConsecutiveFailures.Should().Be(1);
    }

    [Fact]
    public void Apply_InMaintenance_ShowsMaintenanceAndKeepsProbeStatus()
    {
        var (healthy, _) = Run(HealthState.Initial, Pass());
        var window = new MaintenanceWindow(T0.AddHours(1), "upgrade", "ops", T0);

        var step = HealthStateMachine.Apply(healthy, Fail(), Thresholds, window, [], T0);
        var later = HealthStateMachine.Apply(step.State, Fail(), Thresholds, window, [], T0);

        step.State.Status.Should().Be(ServiceStatus.Maintenance);
        step.State.ProbeStatus.Should().Be(ServiceStatus.Degraded);
        step.Change!.Reason.Should().StartWith("maintenance until ").And.EndWith(": upgrade");
        later.Change.Should().BeNull("the shown status stays Maintenance while the probe status moves on");
        later.State.ProbeStatus.Should().Be(ServiceStatus.Degraded);
    }

    [Fact]
    public void Reevaluate_MaintenanceEnded_ShowsProbeStatus()
    {
        var (healthy, _) = Run(HealthState.Initial, Pass());
        var window = new MaintenanceWindow(T0.AddMinutes(1), null, null, T0);
        var inMaintenance = HealthStateMachine.Reevaluate(healthy, window, [], T0).State;

        var after = HealthStateMachine.Reevaluate(inMaintenance, window, [], T0.AddMinutes(1));

        inMaintenance.Status.Should().Be(ServiceStatus.Maintenance);
        after.Change.Should().Be(new HealthChange(ServiceStatus.Maintenance, ServiceStatus.Healthy, "maintenance ended; probe status Healthy"));
    }

    [Fact]
    public void Apply_DependencyUnhealthy_ImpactedUnlessOwnProbesUnhealthy()
    {
        var (healthy, _) = Run(HealthState.Initial, Pass());

        var impacted = HealthStateMachine.Apply(healthy, Pass(), Thresholds, null, ["db"], T0);
        var ownFailure = Run(impacted.State, Fail(), Fail(), Fail()).State;
        var ownUnhealthy = HealthStateMachine.Apply(ownFailure, Fail(), Thresholds, null, ["db"], T0);
        var recovered = HealthStateMachine.Apply(healthy, Pass(), Thresholds, null, [], T0);

        impacted.State.Status.Should().Be(ServiceStatus.Impacted);
        impacted.State.ProbeStatus.Should().Be(ServiceStatus.Healthy);
        impacted.State.ImpactedBy.Should().Equal("db");
        impacted.Change!.Reason.Should().Be("dependency unhealthy: db");
        ownUnhealthy.State.Status.Should().Be(ServiceStatus.Unhealthy);
        recovered.Change.Should().BeNull();
    }

    [Fact]
    public void Reevaluate_DependencyRecovered_BackToProbeStatus()
    {
        var (healthy, _) = Run(HealthState.Initial, Pass());
        var impacted = HealthStateMachine.Reevaluate(healthy, null, ["db"], T0).State;

        var step = HealthStateMachine.Reevaluate(impacted, null, [], T0.AddSeconds(5));

        step.Change.Should().Be(new HealthChange(ServiceStatus.Impacted, ServiceStatus.Healthy, "dependencies recovered; probe status Healthy"));
        step.State.StatusSince.Should().Be(T0.AddSeconds(5));
    }
}
