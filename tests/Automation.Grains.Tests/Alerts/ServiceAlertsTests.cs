using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Automation.Alerts;
using Automation.Grains.Tests.Services;
using Automation.Services;
using Automation.Testing;

namespace Automation.Grains.Tests.Alerts;

/// <summary>
/// Alerts from monitored services on a real cluster and PostgreSQL, probing a real local HTTP server whose health
/// the test flips, delivered to a real signed-webhook receiver (issue 11 item 6, integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServiceAlertsTests(AlertsClusterFixture fixture) : IClassFixture<AlertsClusterFixture>
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Polls until <paramref name="read"/> answers a value that <paramref name="done"/> accepts.</summary>
    internal static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
    {
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (true)
        {
            var value = await read();
            if (done(value))
            {
                return value;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, what);
            await Task.Delay(100);
        }
    }

    private Task<IReadOnlyList<Alert>> AlertsOfAsync(string source) =>
        fixture.Alerts.ListAsync(new AlertQuery(null, null, null, source, null, null, 100)).ContinueWith(t => t.Result.Items);

    private static JsonElement Data(NotificationReceiver.Delivery delivery) =>
        JsonDocument.Parse(delivery.Body).RootElement.GetProperty("data").Clone();

    [Fact]
    public async Task ServiceUnhealthyThenRecovers_RaisesOneAlertDeliveredSigned_AcknowledgedAndResolvedOnce()
    {
        await using var target = await HttpTarget.StartAsync();
        var channel = NewName("ops");
        var signingKey = await fixture.WebhookAsync(channel);
        await fixture.Manager.PutRoutesAsync(new AlertRoutes([channel], AlertSeverity.Warning), "tests");
        var name = NewName("pay");
        await fixture.Cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health"), "tests");
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Healthy);

        target.HealthStatus = 503;
        var unhealthy = await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);
        var raised = await WaitForAsync(() => Task.FromResult(fixture.Received(channel)), d => d.Count >= 1, "the raised alert is delivered");
        // Repeated publishes of the same transition and a reconcile change nothing: one alert while it stays Unhealthy.
        await fixture.Manager.OnServiceTransitionAsync(unhealthy.Transitions[0]);
        await fixture.Manager.OnServiceTransitionAsync(unhealthy.Transitions[0]);
        await fixture.Manager.ReconcileAsync();
        var open = (await AlertsOfAsync(name)).Should().ContainSingle().Subject;
        var acknowledged = await fixture.Manager.AcknowledgeAsync(open.Id, "alice", "on it");
        var acknowledgedAgain = await fixture.Manager.AcknowledgeAsync(open.Id, "bob", null);
        target.HealthStatus = 200;
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Healthy);
        var resolved = await WaitForAsync(() => fixture.Alerts.GetAsync(open.Id), a => a!.Deliveries.Count >= 2 && a.Deliveries.All(d => d.Outcome != AlertDelivery.Pending), "the resolved message is delivered and recorded");
        await fixture.Manager.ReconcileAsync();
        var final = await fixture.Alerts.GetAsync(open.Id);

        open.Severity.Should().Be(AlertSeverity.Critical);
        open.SourceKind.Should().Be(AlertSourceKinds.Service);
        open.Description.Should().StartWith("2 consecutive failures (unhealthyAfter 2): HTTP 503");
        open.Metrics!.Value.GetProperty("statusCode").GetInt32().Should().Be(503);
        open.DashboardLink.Should().Be($"https://automation.example.com/api/v1/services/{name}/health");
        var first = raised[0];
        var parts = first.Signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(signingKey), Encoding.UTF8.GetBytes(parts["t"] + "." + first.Body)));
        parts["v1"].Should().Be(expected);
        first.IdempotencyKey.Should().Be($"alert-{open.Id}:raised:{channel}", "every attempt of a message sends the same key");
        var body = JsonDocument.Parse(first.Body).RootElement;
        body.GetProperty("subject").GetString().Should().Be($"[CRITICAL] Service {name} is unhealthy");
        body.GetProperty("body").GetString().Should().Contain("Severity: CRITICAL").And.Contain($"Source: service {name}").And.Contain("Recommended action: ");
        Data(first).GetProperty("id").GetString().Should().Be(open.Id);
        acknowledged.Changed.Should().BeTrue();
        acknowledged.Alert!.AcknowledgedBy.Should().Be("alice");
        acknowledged.Alert.AcknowledgedAt.Should().NotBeNull();
        acknowledged.Alert.AcknowledgeComment.Should().Be("on it");
        acknowledgedAgain.Changed.Should().BeFalse();
        acknowledgedAgain.Alert!.AcknowledgedBy.Should().Be("alice");
        resolved!.Status.Should().Be(AlertStatus.Resolved);
        resolved.ResolvedBy.Should().Be(Alert.Auto);
        resolved.ResolveComment.Should().StartWith($"Service {name} is Healthy");
        final!.Deliveries.Select(d => (d.Channel, d.Kind, d.Outcome)).Should().Equal(
            (channel, AlertDeliveryKinds.Raised, AlertDelivery.Delivered),
            (channel, AlertDeliveryKinds.Resolved, AlertDelivery.Delivered));
        var received = fixture.Received(channel);
        received.Select(d => Data(d).GetProperty("kind").GetString()).Should().Equal("raised", "resolved");
        (await AlertsOfAsync(name)).Should().ContainSingle();
    }

    [Fact]
    public async Task Maintenance_WhileTheServiceFails_SuppressesTheAlertAndRecordsIt()
    {
        await using var target = await HttpTarget.StartAsync();
        var channel = NewName("maint");
        await fixture.WebhookAsync(channel);
        await fixture.Manager.PutRoutesAsync(new AlertRoutes([channel], AlertSeverity.Info), "tests");
        var name = NewName("batch");
        var service = fixture.Cluster.Client.GetGrain<IServiceGrain>(name);
        await service.PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health"), "tests");
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Healthy);
        await service.SetMaintenanceAsync(DateTimeOffset.UtcNow.AddHours(1), "upgrade", "tests");

        target.HealthStatus = 503;
        var failing = await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.ProbeStatus == ServiceStatus.Unhealthy);
        await fixture.Manager.ReconcileAsync();
        await fixture.Manager.ReconcileAsync();
        var alerts = await AlertsOfAsync(name);

        failing.Status.Should().Be(ServiceStatus.Maintenance);
        var suppressed = alerts.Should().ContainSingle().Subject;
        suppressed.SuppressedBy.Should().Be("maintenance");
        suppressed.Status.Should().Be(AlertStatus.Resolved);
        suppressed.Deliveries.Should().BeEmpty();
        fixture.Receiver.Answers.ContainsKey(channel).Should().BeFalse("nothing is sent for a suppressed alert");
    }

    [Fact]
    public async Task Reconcile_UnhealthyServiceWhoseTransitionWasLost_RaisesTheAlert()
    {
        await using var target = await HttpTarget.StartAsync();
        var name = NewName(LosingTransitionSink.LostPrefix + "db");
        await fixture.Cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health"), "tests");
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Healthy);

        target.HealthStatus = 503;
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);
        // No call here: the reminder's periodic reconcile (every 5 s in these tests) must find it.
        var alerts = await WaitForAsync(() => AlertsOfAsync(name), a => a.Count > 0, "the reconcile raises the missing alert");

        var alert = alerts.Should().ContainSingle().Subject;
        alert.Status.Should().Be(AlertStatus.Open);
        alert.Severity.Should().Be(AlertSeverity.Critical);
        alert.Description.Should().EndWith("(found by the reconcile)");
    }

    [Fact]
    public async Task Escalation_WhenUnacknowledged_GoesToTheSecondChannelOnce()
    {
        var first = NewName("team");
        var second = NewName("pager");
        await fixture.WebhookAsync(first);
        await fixture.WebhookAsync(second);
        await fixture.Manager.PutRoutesAsync(new AlertRoutes([first], AlertSeverity.Info) { EscalationAfter = TimeSpan.FromSeconds(1), EscalationChannels = [second] }, "tests");
        var source = NewName("queue");

        var raised = await fixture.Manager.RaiseAsync(new AlertRaise("test", source, "backlog", AlertSeverity.Warning, "Queue backlog", "10,000 messages waiting"));
        var again = await fixture.Manager.RaiseAsync(new AlertRaise("test", source, "backlog", AlertSeverity.Warning, "Queue backlog", "10,001 messages waiting"));
        var escalated = await WaitForAsync(() => fixture.Alerts.GetAsync(raised.Alert!.Id), a => a!.Deliveries.Any(d => d.Kind == AlertDeliveryKinds.Escalated) && a.Deliveries.Any(d => d.Kind == AlertDeliveryKinds.Raised)
            && a.Deliveries.All(d => d.Outcome != AlertDelivery.Pending), "the raised message and the escalation are delivered and recorded");
        await fixture.Manager.ReconcileAsync(); // escalates what is due: nothing more
        var final = await fixture.Alerts.GetAsync(raised.Alert!.Id);

        raised.Changed.Should().BeTrue();
        again.Changed.Should().BeFalse();
        again.Alert!.Id.Should().Be(raised.Alert.Id);
        escalated!.EscalatedAt.Should().NotBeNull();
        (escalated.EscalatedAt!.Value - escalated.RaisedAt).Should().BeGreaterThanOrEqualTo(TimeSpan.FromSeconds(1));
        final!.Deliveries.Where(d => d.Kind == AlertDeliveryKinds.Escalated).Should().ContainSingle().Which.Channel.Should().Be(second);
        final.Deliveries.Where(d => d.Kind == AlertDeliveryKinds.Raised).Should().ContainSingle().Which.Channel.Should().Be(first);
        var paged = fixture.Received(second).Where(d => Data(d).GetProperty("id").GetString() == raised.Alert.Id).ToList();
        paged.Should().ContainSingle();
        JsonDocument.Parse(paged[0].Body).RootElement.GetProperty("subject").GetString().Should().Be("[ESCALATED] [WARNING] Queue backlog");
        await fixture.Manager.ResolveAsync(raised.Alert.Id, "tests", null); // leave nothing open for the other tests
    }

    [Fact]
    public async Task Delivery_WhenOneChannelFailsAndAnotherIsMissing_RetriesWithBackOffAndRecordsEachOutcome()
    {
        var flaky = NewName("flaky");
        await fixture.WebhookAsync(flaky, 503, 503);
        var missing = NewName("gone");
        await fixture.Manager.PutRoutesAsync(new AlertRoutes([missing, flaky], AlertSeverity.Info), "tests");
        var source = NewName("disk");

        var raised = await fixture.Manager.RaiseAsync(new AlertRaise("test", source, "full", AlertSeverity.Critical, "Disk full", "/var at 100%"));
        var alert = await WaitForAsync(() => fixture.Alerts.GetAsync(raised.Alert!.Id),
            a => a!.Deliveries.Count >= 2 && a.Deliveries.All(d => d.Outcome != AlertDelivery.Pending), "both deliveries end");

        var byChannel = alert!.Deliveries.ToDictionary(d => d.Channel);
        byChannel[flaky].Outcome.Should().Be(AlertDelivery.Delivered);
        byChannel[flaky].Attempts.Should().Be(3);
        byChannel[missing].Outcome.Should().Be(AlertDelivery.Failed);
        byChannel[missing].Attempts.Should().Be(1, "a missing channel is not retried");
        byChannel[missing].Error.Should().Contain("does not exist");
        fixture.Receiver.Answers[flaky].Should().Equal(503, 503, 200);
        fixture.Receiver.Keys[flaky].Distinct().Should().Equal($"alert-{raised.Alert!.Id}:raised:{flaky}");
        await fixture.Manager.ResolveAsync(raised.Alert!.Id, "tests", null);
    }

    [Fact]
    public async Task Delivery_WithAStoredTemplateInTheRoutes_RendersItOverTheAlert()
    {
        var channel = NewName("tpl");
        await fixture.WebhookAsync(channel);
        var template = NewName("alert-text");
        await fixture.Templates.AddAsync(template, "[{{ data.severity }}] {{ data.name }} ({{ data.kind }})", "{{ data.source.kind }} {{ data.source.name }}: {{ data.description }}", null);
        await fixture.Manager.PutRoutesAsync(new AlertRoutes([channel], AlertSeverity.Info) { Template = template }, "tests");
        var source = NewName("api");

        var raised = await fixture.Manager.RaiseAsync(new AlertRaise("test", source, "errors", AlertSeverity.Critical, "Error rate high", "5% of requests fail"));
        // Only this alert's message: while the routes name the channel, another test's alert that resolves meanwhile
        // (the shared cluster's reconcile) is sent to it too.
        var received = await WaitForAsync(() => Task.FromResult(fixture.Received(channel).Where(d => d.Body.Contains(source, StringComparison.Ordinal)).ToList()),
            d => d.Count >= 1, "the templated message is delivered");

        var body = JsonDocument.Parse(received.Single().Body).RootElement;
        body.GetProperty("subject").GetString().Should().Be("[critical] Error rate high (raised)");
        body.GetProperty("body").GetString().Should().Be($"test {source}: 5% of requests fail");
        await fixture.Manager.PutRoutesAsync(AlertRoutes.None, "tests");
        await fixture.Manager.ResolveAsync(raised.Alert!.Id, "tests", null);
    }

    [Fact]
    public async Task ResolvedByHand_WhileStillUnhealthy_StaysClosedUntilANewTransitionIntoUnhealthy()
    {
        await using var target = await HttpTarget.StartAsync();
        var name = NewName("closed");
        var grain = fixture.Cluster.Client.GetGrain<IServiceGrain>(name);
        await grain.PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health"), "tests");
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Healthy);
        target.HealthStatus = 503;
        var unhealthy = await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);
        var first = (await WaitForAsync(() => AlertsOfAsync(name), a => a.Count == 1, "the alert is raised")).Single();

        var resolved = await fixture.Manager.ResolveAsync(first.Id, "alice", "known, fixing tomorrow");
        await fixture.Manager.ReconcileAsync();
        await fixture.Manager.OnServiceTransitionAsync(unhealthy.Transitions[0]);
        await fixture.Manager.ReconcileAsync();
        var afterReconcile = await AlertsOfAsync(name);
        target.HealthStatus = 200;
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Healthy);
        target.HealthStatus = 503;
        await ServiceHealthTests.WaitForAsync(fixture.Cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);
        var again = await WaitForAsync(() => AlertsOfAsync(name), a => a.Count == 2, "a new spell raises a new alert");

        resolved.Changed.Should().BeTrue();
        afterReconcile.Should().ContainSingle().Which.Status.Should().Be(AlertStatus.Resolved, "the reconcile does not re-raise a hand-resolved alert");
        afterReconcile[0].ResolvedBy.Should().Be("alice");
        again.Where(a => a.Status == AlertStatus.Open).Should().ContainSingle().Which.Id.Should().NotBe(first.Id);
    }
}
