using Automation.Engine.Services;
using Automation.Services;

namespace Automation.Engine.Tests.Services;

/// <summary>Uptime from transitions: up time over known time outside maintenance.</summary>
public sealed class ServiceUptimeTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 0, 0, 0, TimeSpan.Zero);

    private static ServiceTransition T(int hour, ServiceStatus from, ServiceStatus to) => new("s", from, to, "r", T0.AddHours(hour), null);

    [Fact]
    public void Percent_UpThenDownThenUp_ShareOfKnownTime()
    {
        var transitions = new[]
        {
            T(-30, ServiceStatus.Unknown, ServiceStatus.Healthy),
            T(6, ServiceStatus.Healthy, ServiceStatus.Unhealthy),
            T(12, ServiceStatus.Unhealthy, ServiceStatus.Degraded),
        };

        var percent = ServiceUptime.Percent(transitions, T0, T0.AddHours(24));

        percent.Should().Be(75);
    }

    [Fact]
    public void Percent_MaintenanceAndUnknown_NotCounted()
    {
        var transitions = new[]
        {
            T(2, ServiceStatus.Unknown, ServiceStatus.Healthy),
            T(4, ServiceStatus.Healthy, ServiceStatus.Maintenance),
            T(8, ServiceStatus.Maintenance, ServiceStatus.Unhealthy),
            T(10, ServiceStatus.Unhealthy, ServiceStatus.Impacted),
        };

        var percent = ServiceUptime.Percent(transitions, T0, T0.AddHours(12));

        percent.Should().Be(66.667, "2 h healthy + 2 h impacted up, 2 h unhealthy down; unknown and maintenance not counted");
    }

    [Fact]
    public void Percent_NoKnownTime_Null()
    {
        var percent = ServiceUptime.Percent([], T0, T0.AddHours(1));

        percent.Should().BeNull();
    }
}
