using Automation.Engine.Alerts;
using Automation.Services;

namespace Automation.Engine.Tests.Alerts;

/// <summary>The de-duplication rule of service alerts (issue 11 item 6): one alert while Unhealthy, whatever the transitions.</summary>
public sealed class ServiceAlertDecisionTests
{
    [Theory]
    [InlineData(ServiceStatus.Unhealthy, ServiceStatus.Unhealthy, false, ServiceAlertAction.Raise)]
    [InlineData(ServiceStatus.Unhealthy, ServiceStatus.Unhealthy, true, ServiceAlertAction.None)]
    [InlineData(ServiceStatus.Healthy, ServiceStatus.Healthy, true, ServiceAlertAction.Resolve)]
    [InlineData(ServiceStatus.Degraded, ServiceStatus.Degraded, true, ServiceAlertAction.Resolve)]
    [InlineData(ServiceStatus.Impacted, ServiceStatus.Healthy, true, ServiceAlertAction.Resolve)]
    [InlineData(ServiceStatus.Healthy, ServiceStatus.Healthy, false, ServiceAlertAction.None)]
    [InlineData(ServiceStatus.Degraded, ServiceStatus.Degraded, false, ServiceAlertAction.None)]
    [InlineData(ServiceStatus.Unknown, ServiceStatus.Unknown, true, ServiceAlertAction.None)]
    [InlineData(ServiceStatus.Maintenance, ServiceStatus.Unhealthy, false, ServiceAlertAction.Suppress)]
    [InlineData(ServiceStatus.Maintenance, ServiceStatus.Healthy, false, ServiceAlertAction.None)]
    [InlineData(ServiceStatus.Maintenance, ServiceStatus.Unhealthy, true, ServiceAlertAction.Resolve)]
    public void Decide_ForStatusAndOpenAlert_AnswersTheAction(ServiceStatus status, ServiceStatus probe, bool hasUnresolved, ServiceAlertAction expected)
    {
        var action = ServiceAlertDecision.Decide(status, probe, hasUnresolved);

        action.Should().Be(expected);
    }

    [Fact]
    public void Decide_WhenFlappingBetweenDegradedAndUnhealthyWithAnOpenAlert_NeverRaisesAgain()
    {
        var statuses = new[] { ServiceStatus.Unhealthy, ServiceStatus.Unhealthy, ServiceStatus.Unhealthy };
        var open = false;
        var raises = 0;

        foreach (var status in statuses)
        {
            if (ServiceAlertDecision.Decide(status, status, open) == ServiceAlertAction.Raise)
            {
                raises++;
                open = true;
            }
        }

        raises.Should().Be(1);
    }
}
