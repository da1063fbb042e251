using System.Text.Json;
using Automation.Alerts;
using Automation.Grains.Hosting;
using Automation.Notifications;
using Automation.Postgres.Alerts;
using Automation.Postgres.Notifications;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Automation.Grains.Tests.Alerts;

/// <summary>
/// Alert deliveries are a durable outbox in PostgreSQL: a message being retried when the cluster goes away is sent by
/// the next cluster, and every attempt carries the same Idempotency-Key (review finding, integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class AlertDeliveryOutboxTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(90);

    private static Task<AutomationTestCluster> StartAsync(string db, string serviceId, TimeSpan backoff) =>
        AutomationTestCluster.StartAsync(db, serviceId, configureSilo: silo => silo.Services.Configure<AlertOptions>(o =>
        {
            o.ReconcileInterval = TimeSpan.FromSeconds(5);
            o.EscalationCheckInterval = TimeSpan.FromMilliseconds(200);
            o.DeliveryBackoff = backoff;
            o.MaxDeliveryBackoff = backoff;
        }));

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done, string what)
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

    [Fact]
    public async Task Delivery_WhenTheClusterStopsBetweenRetries_IsSentByTheNextClusterWithOneIdempotencyKey()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var dataSource = NpgsqlDataSource.Create(db);
        var alerts = new PostgresAlertStore(dataSource);
        await using var receiver = await NotificationReceiver.StartAsync();
        var channel = "ops-" + Guid.NewGuid().ToString("N")[..8];
        const string key = "outbox-signing-key";
        receiver.Expect(channel, key, 503);
        await new PostgresChannelStore(dataSource).PutAsync(channel, ChannelTypes.Webhook,
            JsonSerializer.SerializeToElement(new { url = $"{receiver.BaseUrl}/webhook/{channel}" }),
            TestSecrets.KeyRing.Encrypt(ChannelTypes.SecretName(channel), JsonSerializer.Serialize(new { signingKey = key })));
        var serviceId = "outbox-" + Guid.NewGuid().ToString("N");
        Alert raised;
        await using (var first = await StartAsync(db, serviceId, backoff: TimeSpan.FromMinutes(10)))
        {
            var manager = first.Client.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key);
            await manager.PutRoutesAsync(new AlertRoutes([channel], AlertSeverity.Info), "tests");
            raised = (await manager.RaiseAsync(new AlertRaise("test", "outbox", "rule", AlertSeverity.Critical, "Outbox test", "first attempt fails"))).Alert!;
            await WaitForAsync(() => Task.FromResult(receiver.Answers.GetValueOrDefault(channel)?.Count ?? 0), n => n >= 1, "the first attempt reaches the receiver");
            var pending = await WaitForAsync(() => alerts.GetAsync(raised.Id), a => a!.Deliveries.Any(d => d.Outcome == AlertDelivery.Pending && d.Error != null), "the failed attempt is recorded");
            pending!.Deliveries.Single().NextAttemptAt.Should().BeAfter(DateTimeOffset.UtcNow.AddMinutes(5), "the retry waits for the back-off");
        }

        // The first cluster is gone with its retry still due in ten minutes; the next one retries after its own back-off
        // (the row says when: move it due now, as the passing of time would).
        await using (var command = dataSource.CreateCommand("UPDATE automation_alert_deliveries SET next_attempt_at = now() WHERE status = 0"))
        {
            await command.ExecuteNonQueryAsync();
        }

        await using var second = await StartAsync(db, serviceId, backoff: TimeSpan.FromMilliseconds(100));
        var delivered = await WaitForAsync(() => alerts.GetAsync(raised.Id), a => a!.Deliveries.Any(d => d.Outcome == AlertDelivery.Delivered), "the next cluster delivers it");

        var expectedKey = $"alert-{raised.Id}:{AlertDeliveryKinds.Raised}:{channel}";
        var delivery = delivered!.Deliveries.Single();
        delivery.Attempts.Should().Be(2);
        delivery.IdempotencyKey.Should().Be(expectedKey);
        receiver.Answers[channel].Should().Equal(503, 200);
        receiver.Keys[channel].Should().Equal(expectedKey, expectedKey);
    }
}
