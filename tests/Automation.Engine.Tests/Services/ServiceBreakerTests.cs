using Automation.Engine.Services;
using Automation.Services;
using Microsoft.Extensions.Time.Testing;

namespace Automation.Engine.Tests.Services;

/// <summary>The shared circuit breaker (Polly's, on a fake clock) and the pure gate decisions of http steps (issue 11, item 5).</summary>
public sealed class ServiceBreakerTests
{
    private static readonly BreakerSettings Settings = new(0.5, 4, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10));

    [Fact]
    public void Record_FailureRatioReachedWithMinimumThroughput_OpensForTheBreak()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var breaker = new ServiceBreaker(Settings, time);

        var afterThree = breaker.Record(new ServiceCallCounts(1, 2));
        var stateAfterThree = breaker.State;
        var opened = breaker.Record(false);

        afterThree.Should().BeFalse("3 calls are below the minimum throughput of 4");
        stateAfterThree.Should().Be(BreakerState.Closed);
        opened.Should().BeTrue();
        breaker.State.Should().Be(BreakerState.Open);
        breaker.OpenUntil.Should().Be(time.GetUtcNow() + TimeSpan.FromSeconds(10));
        breaker.Snapshot().Failures.Should().Be(3);
    }

    [Fact]
    public void Record_AfterTheBreak_HalfOpenTrialSuccessClosesAndFailureReopens()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero));
        var breaker = new ServiceBreaker(Settings, time);
        breaker.Record(new ServiceCallCounts(0, 4));

        var duringBreak = breaker.Record(true);
        time.Advance(TimeSpan.FromSeconds(10));
        var halfOpen = breaker.State;
        var reopened = breaker.Record(false);
        var reopenedUntil = breaker.OpenUntil;
        time.Advance(TimeSpan.FromSeconds(10));
        var closed = breaker.Record(true);

        duringBreak.Should().BeFalse("an outcome during the break does not move the breaker");
        halfOpen.Should().Be(BreakerState.HalfOpen);
        reopened.Should().BeTrue();
        reopenedUntil.Should().Be(time.GetUtcNow());
        closed.Should().BeTrue();
        breaker.State.Should().Be(BreakerState.Closed);
        breaker.OpenUntil.Should().BeNull();
    }

    [Fact]
    public void Check_UnhealthyOpenPastBreakAndClosed_WaitWaitTrialAllow()
    {
        var now = new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);

        var unhealthy = ServiceGates.Check(new ServiceGate("orders", null, true, BreakerState.Closed, null), now);
        var open = ServiceGates.Check(new ServiceGate("orders", null, false, BreakerState.Open, now.AddSeconds(5)), now);
        var pastBreak = ServiceGates.Check(new ServiceGate("orders", null, false, BreakerState.Open, now), now);
        var closed = ServiceGates.Check(new ServiceGate("orders", null, false, BreakerState.Closed, null), now);

        unhealthy.Should().Be(new GateVerdict(GateVerdictKind.Wait, "waiting for service orders: it is Unhealthy"));
        open.Should().Be(new GateVerdict(GateVerdictKind.Wait, "waiting for service orders: its circuit breaker is open", now.AddSeconds(5)));
        pastBreak.Kind.Should().Be(GateVerdictKind.Trial);
        closed.Kind.Should().Be(GateVerdictKind.Allow);
    }

    [Theory]
    [InlineData("""{ "url": "http://orders.internal:8080/v1/orders" }""", "orders")]
    [InlineData("""{ "url": "http://orders.internal:8080/v1/payments/1" }""", "payments")]
    [InlineData("""{ "url": "HTTP://ORDERS.internal:8080?x=1" }""", "orders")]
    [InlineData("""{ "url": "http://orders.internal:8080/v1/paymentsX" }""", "orders")]
    [InlineData("""{ "url": "http://orders.internal:80801/" }""", null)]
    [InlineData("""{ "url": "http://other/", "service": "billing" }""", "billing")]
    public void Resolve_ExplicitServiceOrLongestBaseUrlAtAPathBoundary_PicksTheService(string with, string? expected)
    {
        var gates = new Dictionary<string, ServiceGate>
        {
            ["orders"] = new("orders", "http://orders.internal:8080", false, BreakerState.Closed, null),
            ["payments"] = new("payments", "http://orders.internal:8080/v1/payments", false, BreakerState.Closed, null),
            ["tcp-only"] = new("tcp-only", null, false, BreakerState.Closed, null),
        };

        var service = ServiceGates.Resolve(System.Text.Json.JsonDocument.Parse(with).RootElement, gates);

        service.Should().Be(expected);
    }

    [Theory]
    [InlineData(true, null, true)]
    [InlineData(false, "http.503", false)]
    [InlineData(false, "connection", false)]
    [InlineData(false, "timeout", false)]
    [InlineData(false, "http.404", true)]
    [InlineData(false, "invalid-input", null)]
    [InlineData(false, "secret.not-found", null)]
    public void CallOutcome_ByErrorType_CountsOnlyWhatTheServiceDid(bool succeeded, string? type, bool? expected) =>
        ServiceGates.CallOutcome(succeeded, type).Should().Be(expected);

    [Fact]
    public void NextCheck_BacksOffWithTheWaitAndStopsAtTheBreakOrTheDeadline()
    {
        var since = new DateTimeOffset(2026, 11, 30, 3, 0, 0, TimeSpan.Zero);
        var until = since.AddSeconds(60);

        ServiceGates.NextCheck(since, since, null, until).Should().Be(since.AddSeconds(1));
        ServiceGates.NextCheck(since, since.AddSeconds(8), null, until).Should().Be(since.AddSeconds(12));
        ServiceGates.NextCheck(since, since.AddSeconds(40), null, until).Should().Be(since.AddSeconds(50));
        ServiceGates.NextCheck(since, since.AddSeconds(8), since.AddSeconds(9), until).Should().Be(since.AddSeconds(9));
        ServiceGates.NextCheck(since, since.AddSeconds(58), null, until).Should().Be(until);
    }

    [Fact]
    public void IsProbeWorkflowOf_OnlyTheServicesOwnProbeWorkflows()
    {
        var id = ServiceGates.ProbeWorkflowId("orders", new DateTimeOffset(2026, 11, 30, 3, 0, 1, 250, TimeSpan.Zero));

        id.Should().Be("service:orders:20261130T030001250Z");
        ServiceGates.IsProbeWorkflowOf(id, "orders").Should().BeTrue();
        ServiceGates.IsProbeWorkflowOf(id, "billing").Should().BeFalse();
        ServiceGates.IsProbeWorkflowOf("service:orders-v2:20261130T030001250Z", "orders").Should().BeFalse();
        ServiceGates.IsProbeWorkflowOf("service:orders:", "orders").Should().BeFalse();
        ServiceGates.IsProbeWorkflowOf("orders-checkout", "orders").Should().BeFalse();
        ServiceGates.IsProbeWorkflowOf(null, "orders").Should().BeFalse();
    }
}
