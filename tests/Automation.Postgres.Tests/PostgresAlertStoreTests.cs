using Automation.Alerts;
using Automation.Postgres.Alerts;
using Automation.Testing;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>
/// Alerts in PostgreSQL (<c>sql/migrations/0011-alerts.sql</c>, ADR 0016): one unresolved alert per key, conditional
/// acknowledge/resolve/escalate that change a row once, deliveries appended, pages newest first.
/// </summary>
[Trait("Category", "Integration")]
public sealed class PostgresAlertStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 30, 12, 0, 0, TimeSpan.Zero);

    private static Alert New(string source, string rule = "unhealthy") =>
        new(Guid.NewGuid().ToString("N"), "service", source, rule, AlertSeverity.Critical, AlertStatus.Open, "Title", "Description", T0);

    [Fact]
    public async Task Open_SameKeyTwiceThenAfterResolve_KeepsOneUnresolvedAlertPerKey()
    {
        await using var source = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresAlertStore(source);

        var first = await store.OpenAsync(New("pay"));
        var duplicate = await store.OpenAsync(New("pay"));
        var otherRule = await store.OpenAsync(New("pay", "slow"));
        var resolved = await store.ResolveAsync(first.Alert!.Id, Alert.Auto, T0.AddMinutes(1), "recovered");
        var resolvedAgain = await store.ResolveAsync(first.Alert.Id, "bob", T0.AddMinutes(2), null);
        var reopened = await store.OpenAsync(New("pay"));

        first.Changed.Should().BeTrue();
        duplicate.Changed.Should().BeFalse();
        duplicate.Alert!.Id.Should().Be(first.Alert.Id);
        otherRule.Changed.Should().BeTrue();
        resolved.Changed.Should().BeTrue();
        resolvedAgain.Changed.Should().BeFalse();
        resolvedAgain.Alert!.ResolvedBy.Should().Be(Alert.Auto);
        resolvedAgain.Alert.ResolvedAt.Should().Be(T0.AddMinutes(1));
        reopened.Changed.Should().BeTrue();
        (await store.ListUnresolvedAsync()).Select(a => a.Id).Should().Equal(otherRule.Alert!.Id, reopened.Alert!.Id);
    }

    [Fact]
    public async Task AcknowledgeEscalateAndOutboxDeliveries_AreConditionalAndRecorded()
    {
        await using var source = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresAlertStore(source);
        var a = (await store.OpenAsync(New("db"))).Alert!;
        var b = (await store.OpenAsync(New("cache"))).Alert!;

        var escalatedOnce = await store.MarkEscalatedAsync(a.Id, T0.AddMinutes(15));
        var escalatedTwice = await store.MarkEscalatedAsync(a.Id, T0.AddMinutes(16));
        var acknowledged = await store.AcknowledgeAsync(b.Id, "alice", T0.AddMinutes(1), "on it");
        var acknowledgedTwice = await store.AcknowledgeAsync(b.Id, "bob", T0.AddMinutes(2), null);
        var escalatedAcknowledged = await store.MarkEscalatedAsync(b.Id, T0.AddMinutes(15));
        await store.EnqueueDeliveriesAsync(a.Id, AlertDeliveryKinds.Raised, ["ops"], null, T0);
        await store.EnqueueDeliveriesAsync(a.Id, AlertDeliveryKinds.Raised, ["ops"], null, T0.AddSeconds(1)); // queued once
        await store.EnqueueDeliveriesAsync(a.Id, AlertDeliveryKinds.Escalated, ["pager"], null, T0.AddMinutes(15));
        var claimed = await store.ClaimDueDeliveriesAsync(T0.AddMinutes(15), T0.AddMinutes(16), maxAttempts: 5, limit: 10);
        var claimedAgain = await store.ClaimDueDeliveriesAsync(T0.AddMinutes(15), T0.AddMinutes(16), maxAttempts: 5, limit: 10);
        await store.RecordAttemptAsync(claimed.Single(d => d.Channel == "ops"), AlertDelivery.Delivered, null, T0.AddMinutes(15), null);
        await store.RecordAttemptAsync(claimed.Single(d => d.Channel == "pager"), AlertDelivery.Failed, "HTTP 503", T0.AddMinutes(15), null);
        var read = await store.GetAsync(a.Id);

        (escalatedOnce, escalatedTwice, escalatedAcknowledged).Should().Be((true, false, false));
        acknowledged.Changed.Should().BeTrue();
        acknowledgedTwice.Changed.Should().BeFalse();
        acknowledgedTwice.Alert!.AcknowledgedBy.Should().Be("alice");
        read!.EscalatedAt.Should().Be(T0.AddMinutes(15));
        claimed.Select(d => (d.Key, d.Attempt)).Should().BeEquivalentTo(new[]
        {
            ($"alert-{a.Id}:raised:ops", 1),
            ($"alert-{a.Id}:escalated:pager", 1),
        });
        claimedAgain.Should().BeEmpty("claimed messages are leased");
        read.Deliveries.Should().Equal(
            new AlertDelivery("ops", AlertDeliveryKinds.Raised, T0.AddMinutes(15), AlertDelivery.Delivered, 1, null) { IdempotencyKey = $"alert-{a.Id}:raised:ops" },
            new AlertDelivery("pager", AlertDeliveryKinds.Escalated, T0.AddMinutes(15), AlertDelivery.Failed, 1, "HTTP 503") { IdempotencyKey = $"alert-{a.Id}:escalated:pager" });
        (await store.GetAsync(Guid.NewGuid().ToString("N"))).Should().BeNull();
    }

    [Fact]
    public async Task ChangesWithMessages_QueueThemInTheSameTransaction_AndAFailedQueueUndoesTheChange()
    {
        await using var source = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresAlertStore(source);
        AlertMessages Messages(string kind, string?[] channels, AlertSeverity min = AlertSeverity.Warning) => new(kind, channels!, null, min, T0);

        var raised = (await store.OpenAsync(New("db"), Messages(AlertDeliveryKinds.Raised, ["ops", "pager"]))).Alert!;
        var quiet = (await store.OpenAsync(New("cache"), Messages(AlertDeliveryKinds.Raised, ["ops"], AlertSeverity.Critical + 1))).Alert!;
        var escalated = await store.MarkEscalatedAsync(raised.Id, T0.AddMinutes(15), Messages(AlertDeliveryKinds.Escalated, ["pager"]));
        // A queue insert that fails (a null channel breaks a NOT NULL column) fails the change with it: no alert is
        // ever resolved without its message.
        var failedResolve = async () => await store.ResolveAsync(raised.Id, "bob", T0.AddMinutes(20), null, Messages(AlertDeliveryKinds.Resolved, [null]));
        await failedResolve.Should().ThrowAsync<PostgresException>();
        var afterFailure = await store.GetAsync(raised.Id);
        var resolved = await store.ResolveAsync(raised.Id, "bob", T0.AddMinutes(21), null, Messages(AlertDeliveryKinds.Resolved, ["ops"]));

        escalated.Should().BeTrue();
        afterFailure!.Status.Should().Be(AlertStatus.Open);
        resolved.Changed.Should().BeTrue();
        (await store.GetAsync(raised.Id))!.Deliveries.Select(d => (d.Kind, d.Channel)).Should().BeEquivalentTo(new[]
        {
            (AlertDeliveryKinds.Raised, "ops"), (AlertDeliveryKinds.Raised, "pager"), (AlertDeliveryKinds.Escalated, "pager"), (AlertDeliveryKinds.Resolved, "ops"),
        });
        (await store.GetAsync(quiet.Id))!.Deliveries.Should().BeEmpty("below the routes' minimum severity nothing is queued");
    }

    [Fact]
    public async Task List_WithFiltersAndCursor_PagesNewestFirst()
    {
        await using var source = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresAlertStore(source);
        var ids = new List<string>();
        foreach (var name in new[] { "a", "b", "c", "d" })
        {
            ids.Add((await store.OpenAsync(New(name))).Alert!.Id);
        }

        await store.ResolveAsync(ids[1], "tests", T0, null);

        var first = await store.ListAsync(new AlertQuery(null, null, null, null, null, null, 3));
        var second = await store.ListAsync(new AlertQuery(null, null, null, null, null, first.Next, 3));
        var open = await store.ListAsync(new AlertQuery(AlertStatus.Open, AlertSeverity.Critical, "service", null, T0, null, 10));
        var one = await store.ListAsync(new AlertQuery(null, null, null, "c", null, null, 10));

        first.Items.Select(a => a.Id).Should().Equal(ids[3], ids[2], ids[1]);
        second.Items.Select(a => a.Id).Should().Equal(ids[0]);
        second.Next.Should().BeNull();
        open.Items.Select(a => a.Id).Should().Equal(ids[3], ids[2], ids[0]);
        one.Items.Select(a => a.Id).Should().Equal(ids[2]);
    }
}
