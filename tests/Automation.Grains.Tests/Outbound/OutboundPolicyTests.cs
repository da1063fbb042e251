using System.Text.Json;
using Automation.Grains.Hosting;
using Automation.Grains.Outbound;
using Automation.Grains.Tests.Services;
using Automation.Notifications;
using Automation.Postgres.Notifications;
using Automation.Services;
using Automation.Testing;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Automation.Grains.Tests.Outbound;

/// <summary>
/// The outbound address policy on a real cluster and PostgreSQL, with the production default (no loopback): probes,
/// http steps and notification deliveries aimed at real local servers are refused at connect time, with the policy's
/// message, and the servers receive nothing (ADR 0019, integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class OutboundPolicyTests
{
    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>A cluster with the production policy: the fixture's loopback allowance is removed.</summary>
    private static Task<AutomationTestCluster> StartAsync(string db) =>
        AutomationTestCluster.StartAsync(db, configureSilo: silo => silo.Services.Configure<OutboundOptions>(o => o.Allow.Clear()));

    [Fact]
    public async Task HttpProbe_ToLoopbackByDefault_FailsWithThePolicyAndTheTargetSeesNothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var name = NewName("ssrf");

        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(ServiceHealthTests.Http(target.BaseUrl + "/health"), "tests");
        var failed = await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);

        failed.LastProbe!.Passed.Should().BeFalse();
        failed.LastProbe.Detail.Should().Contain("address 127.0.0.1 is not allowed by Automation:Outbound");
        target.HealthCalls.Should().Be(0, "the policy refuses before connecting");
    }

    [Fact]
    public async Task TcpProbe_ToLoopbackByDefault_FailsWithThePolicy()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var name = NewName("ssrf-tcp");
        var port = new Uri(target.BaseUrl).Port;
        var spec = new ServiceSpec(new ProbeSpec(ProbeType.Tcp, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Host = "localhost", Port = port },
            new HealthThresholds(1, 1, 1));

        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(spec, "tests");
        var failed = await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.LastProbe is not null);

        failed.LastProbe!.Passed.Should().BeFalse();
        failed.LastProbe.Detail.Should().Contain("is not allowed by Automation:Outbound");
    }

    [Fact]
    public async Task HttpStep_ToLoopbackByDefault_FailsOnceWithoutRetryAndSendsNothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var name = NewName("ssrf-step");
        await cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "call", "type": "http", "retry": { "maxAttempts": 5, "initialInterval": "20ms" }, "with": { "url": "{{{target.BaseUrl}}}/status/200" } } ] }
        """);

        var (grain, _) = await cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Attempts.Should().Be(1, "a refused address is not retried");
        done.Steps[0].Error!.Type.Should().Be(OutboundAddressRefusedException.ErrorType);
        done.Steps[0].Error!.Retryable.Should().BeFalse();
        done.Steps[0].Error!.Message.Should().Contain("address 127.0.0.1 is not allowed by Automation:Outbound");
        target.IdempotencyKeys.Should().BeEmpty();
    }

    [Fact]
    public async Task NotifyWebhook_ToLoopbackByDefault_FailsWithThePolicyAndTheReceiverSeesNothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var receiver = await NotificationReceiver.StartAsync();
        await using var dataSource = NpgsqlDataSource.Create(db);
        await using var cluster = await StartAsync(db);
        var channel = NewName("hook");
        receiver.Expect(channel, "key", []);
        await new PostgresChannelStore(dataSource).PutAsync(channel, ChannelTypes.Webhook,
            JsonSerializer.SerializeToElement(new { url = $"{receiver.BaseUrl}/webhook/{channel}" }),
            TestSecrets.KeyRing.Encrypt(ChannelTypes.SecretName(channel), JsonSerializer.Serialize(new { signingKey = "key" })));
        var name = NewName("ssrf-notify");
        await cluster.RegisterAsync(name, $$$"""
        { "steps": [ { "id": "tell", "type": "notify", "retry": { "maxAttempts": 3, "initialInterval": "20ms" }, "with": { "channel": "{{{channel}}}", "body": "hello" } } ] }
        """);

        var (grain, _) = await cluster.StartAsync(name);
        var done = await AutomationTestCluster.WaitAsync(grain);

        done.Status.Should().Be(WorkflowStatus.Failed);
        done.Steps[0].Attempts.Should().Be(1);
        done.Steps[0].Error!.Type.Should().Be(OutboundAddressRefusedException.ErrorType);
        done.Steps[0].Error!.Message.Should().Contain("address 127.0.0.1 is not allowed by Automation:Outbound");
        receiver.Answers.ContainsKey(channel).Should().BeFalse("no request reached the receiver");
    }
}
