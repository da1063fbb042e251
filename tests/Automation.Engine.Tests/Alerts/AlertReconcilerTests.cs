using Automation.Engine.Alerts;
using Automation.Services;

namespace Automation.Engine.Tests.Alerts;

/// <summary>The reconcile diff: what a lost transition left undone (issue 11 item 6).</summary>
public sealed class AlertReconcilerTests
{
    [Fact]
    public void Diff_WithMissingAndStaleAlerts_RaisesResolvesAndSuppresses()
    {
        ServiceAlertState[] services =
        [
            new("a-unhealthy-no-alert", ServiceStatus.Unhealthy, ServiceStatus.Unhealthy),
            new("b-healthy-with-alert", ServiceStatus.Healthy, ServiceStatus.Healthy),
            new("c-unhealthy-with-alert", ServiceStatus.Unhealthy, ServiceStatus.Unhealthy),
            new("d-maintenance-failing", ServiceStatus.Maintenance, ServiceStatus.Unhealthy),
            new("e-healthy", ServiceStatus.Healthy, ServiceStatus.Healthy),
        ];
        var unresolved = new HashSet<string>(StringComparer.Ordinal) { "b-healthy-with-alert", "c-unhealthy-with-alert", "z-deleted" };

        var actions = AlertReconciler.Diff(services, unresolved);

        actions.Should().Equal(
            ("a-unhealthy-no-alert", ServiceAlertAction.Raise),
            ("b-healthy-with-alert", ServiceAlertAction.Resolve),
            ("d-maintenance-failing", ServiceAlertAction.Suppress),
            ("z-deleted", ServiceAlertAction.Resolve));
    }

    [Fact]
    public void Diff_WhenAlertsMatchStatuses_AnswersNothing()
    {
        ServiceAlertState[] services = [new("a", ServiceStatus.Unhealthy, ServiceStatus.Unhealthy), new("b", ServiceStatus.Healthy, ServiceStatus.Healthy)];

        var actions = AlertReconciler.Diff(services, new HashSet<string>(StringComparer.Ordinal) { "a" });

        actions.Should().BeEmpty();
    }

    [Fact]
    public void Diff_UnhealthyServiceWhoseAlertWasResolvedByHand_IsNotRaisedAgain()
    {
        ServiceAlertState[] services =
        [
            new("a-closed", ServiceStatus.Unhealthy, ServiceStatus.Unhealthy) { ClosedByUser = true },
            new("b-open-spell", ServiceStatus.Unhealthy, ServiceStatus.Unhealthy),
        ];

        var actions = AlertReconciler.Diff(services, new HashSet<string>(StringComparer.Ordinal));

        actions.Should().Equal(("b-open-spell", ServiceAlertAction.Raise));
    }
}
