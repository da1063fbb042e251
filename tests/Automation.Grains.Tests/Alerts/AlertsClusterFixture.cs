using System.Text.Json;
using Automation.Alerts;
using Automation.Grains.Hosting;
using Automation.Notifications;
using Automation.Postgres.Alerts;
using Automation.Postgres.Notifications;
using Automation.Services;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Automation.Grains.Tests.Alerts;

/// <summary>
/// One cluster on a fresh PostgreSQL database for the alert tests, with short alert intervals (reconcile every 5 s,
/// escalation checks every 200 ms, delivery back-off from 100 ms), a real notification receiver and the stores.
/// </summary>
public sealed class AlertsClusterFixture : IAsyncLifetime
{
    private NpgsqlDataSource _dataSource = null!;

    /// <summary>The cluster.</summary>
    public AutomationTestCluster Cluster { get; private set; } = null!;

    /// <summary>The alert manager.</summary>
    public IAlertManagerGrain Manager => Cluster.Client.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key);

    /// <summary>A real webhook receiver that checks signatures.</summary>
    public NotificationReceiver Receiver { get; private set; } = null!;

    /// <summary>The alerts, read directly.</summary>
    public IAlertStore Alerts { get; private set; } = null!;

    /// <summary>The notification templates, written directly.</summary>
    public INotificationTemplateStore Templates { get; private set; } = null!;

    /// <summary>The channels, written directly.</summary>
    public INotificationChannelStore Channels { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        _dataSource = NpgsqlDataSource.Create(db);
        Alerts = new PostgresAlertStore(_dataSource);
        Channels = new PostgresChannelStore(_dataSource);
        Templates = new PostgresTemplateStore(_dataSource);
        Receiver = await NotificationReceiver.StartAsync();
        Cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
        {
            silo.Services.Configure<ServiceMonitorOptions>(o => o.HistoryFlushInterval = TimeSpan.FromMilliseconds(200));
            silo.Services.Configure<AlertOptions>(o =>
            {
                o.ReconcileInterval = TimeSpan.FromSeconds(5);
                o.EscalationCheckInterval = TimeSpan.FromMilliseconds(200);
                o.DeliveryBackoff = TimeSpan.FromMilliseconds(100);
                o.MaxDeliveryBackoff = TimeSpan.FromMilliseconds(400);
                o.DashboardBaseUrl = "https://automation.example.com";
            });
            silo.Services.AddSingleton<IServiceTransitionSink, LosingTransitionSink>();
        });
    }

    /// <summary>Creates a webhook channel pointing at receiver <paramref name="id"/> with a new signing key.</summary>
    /// <param name="id">The receiver id (also the channel name).</param>
    /// <param name="firstStatuses">Statuses the receiver answers first.</param>
    /// <returns>The signing key.</returns>
    public async Task<string> WebhookAsync(string id, params int[] firstStatuses)
    {
        var key = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(24));
        Receiver.Expect(id, key, firstStatuses);
        await Channels.PutAsync(id, ChannelTypes.Webhook, JsonSerializer.SerializeToElement(new { url = $"{Receiver.BaseUrl}/webhook/{id}" }),
            TestSecrets.KeyRing.Encrypt(ChannelTypes.SecretName(id), JsonSerializer.Serialize(new { signingKey = key })));
        return key;
    }

    /// <summary>The deliveries receiver <paramref name="id"/> accepted.</summary>
    /// <param name="id">The receiver id.</param>
    /// <returns>The deliveries, in order.</returns>
    public IReadOnlyList<NotificationReceiver.Delivery> Received(string id) =>
        Receiver.Deliveries.TryGetValue(id, out var queue) ? [.. queue] : [];

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Receiver.DisposeAsync();
        await _dataSource.DisposeAsync();
    }
}
