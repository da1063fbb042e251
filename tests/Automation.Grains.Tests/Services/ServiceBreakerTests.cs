using Automation.Events;
using Automation.Grains.Services;
using Automation.Services;
using Automation.Testing;
using Automation.Workflows;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// The circuit breaker shared by http steps and a monitored service, on a real cluster, PostgreSQL and a real local
/// HTTP server whose health the test flips (issue 11, item 5): a step waits while its service is Unhealthy and then
/// succeeds without spending its retries; workflow call failures open the breaker, and the next step waits for it.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServiceBreakerTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>Waits until every silo's copy of the gates shows <paramref name="done"/> for the service (the signal the code emits, not a sleep).</summary>
    private static async Task WaitForGatesAsync(AutomationTestCluster cluster, string service, Func<ServiceGate, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        foreach (var silo in cluster.Cluster.Silos)
        {
            var cache = silo.ServiceProvider.GetRequiredService<ServiceGateCache>();
            while (!(cache.Gates().TryGetValue(service, out var gate) && done(gate)))
            {
                DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"silo copies of service {service}'s gate");
                await Task.Delay(50);
            }
        }
    }

    private static async Task<WorkflowSnapshot> WaitForStepAsync(IWorkflowGrain grain, Func<StepSnapshot, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (true)
        {
            var snapshot = await grain.GetAsync();
            if (snapshot is not null && done(snapshot.Steps[0]))
            {
                return snapshot;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"step is {snapshot?.Steps[0].Status}");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task HttpStep_WhileServiceUnhealthy_WaitsThenSucceedsAfterRecoveryWithoutSpendingRetries()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var name = NewName("orders");
        target.HealthStatus = 503;
        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(
            new ServiceSpec(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Url = target.BaseUrl + "/health" }, new HealthThresholds(1, 1, 1)), "tests");
        await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.ProbeStatus == ServiceStatus.Unhealthy);
        await WaitForGatesAsync(cluster, name, g => g.Unhealthy);
        await cluster.RegisterAsync("call-orders", $$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "60s", "with": { "url": "{{target.BaseUrl}}/echo" },
                       "retry": { "maxAttempts": 2, "initialInterval": "100ms" } } ] }
        """);

        var (grain, _) = await cluster.StartAsync("call-orders");
        var waiting = await WaitForStepAsync(grain, s => s.Status == StepStatus.Waiting);
        var echoCallsWhileWaiting = target.IdempotencyKeys.Count;
        target.HealthStatus = 200;
        var done = await AutomationTestCluster.WaitAsync(grain, HangGuard);
        var history = await grain.GetHistoryAsync();

        waiting.Steps[0].WaitingForService.Should().NotBeNull();
        waiting.Steps[0].WaitingForService!.Service.Should().Be(name, "the step's URL is under the origin of the service's probe URL");
        waiting.Steps[0].WaitingForService!.Reason.Should().Be($"waiting for service {name}: it is Unhealthy");
        echoCallsWhileWaiting.Should().Be(0, "no call goes to an Unhealthy service");
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[0].Attempts.Should().Be(1, "waiting spends no attempt");
        done.Steps[0].Failures.Should().BeEmpty();
        target.IdempotencyKeys.Should().ContainSingle().Which.Should().EndWith(":call:1");
        history!.OfType<StepWaitingForService>().Should().ContainSingle().Which.Service.Should().Be(name);
        history!.OfType<StepRetrying>().Should().BeEmpty();
    }

    [Fact]
    public async Task HttpStep_WaitingForAnUnhealthyService_ChecksAgainWithoutWritingTheWorkflow()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var name = NewName("stock");
        target.HealthStatus = 503;
        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(
            new ServiceSpec(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Url = target.BaseUrl + "/health" }, new HealthThresholds(1, 1, 1)), "tests");
        await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.ProbeStatus == ServiceStatus.Unhealthy);
        await WaitForGatesAsync(cluster, name, g => g.Unhealthy);
        await cluster.RegisterAsync("call-stock", $$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "60s", "with": { "url": "{{target.BaseUrl}}/echo" } } ] }
        """);

        var (grain, _) = await cluster.StartAsync("call-stock");
        var id = (await WaitForStepAsync(grain, s => s.Status == StepStatus.Waiting)).WorkflowId;
        var versionWhenWaiting = await StoredVersionAsync(db, id);
        await Task.Delay(TimeSpan.FromSeconds(4)); // the fault schedule: the service stays down for about three more checks (1 s, 1 s, 1.5 s)
        var versionAfterChecks = await StoredVersionAsync(db, id);
        target.HealthStatus = 200;
        var done = await AutomationTestCluster.WaitAsync(grain, HangGuard);

        versionAfterChecks.Should().Be(versionWhenWaiting, "a check that finds the gate still closed re-arms in memory and writes nothing (before: two writes per check)");
        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[0].Attempts.Should().Be(1);
        target.IdempotencyKeys.Should().ContainSingle().Which.Should().EndWith(":call:1");
    }

    /// <summary>The workflow's grain-state version (one more per write).</summary>
    private static async Task<int> StoredVersionAsync(string connectionString, string workflowId)
    {
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new Npgsql.NpgsqlCommand(
            "SELECT version FROM orleansstorage WHERE grainidextensionstring = @id AND graintypestring LIKE '%workflow%'", connection);
        command.Parameters.AddWithValue("id", workflowId);
        return (int)(await command.ExecuteScalarAsync() ?? throw new InvalidOperationException($"No stored state for {workflowId}."));
    }

    [Fact]
    public async Task WorkflowProbe_OfAnUnhealthyService_ReachesItThroughTheGateAndTheServiceRecovers()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var name = NewName("inventory");
        target.HealthStatus = 503;
        await cluster.RegisterAsync("probe-inventory", $$"""
        { "steps": [ { "id": "check", "type": "http", "timeout": "3s", "with": { "url": "{{target.BaseUrl}}/health" }, "retry": { "maxAttempts": 1 } } ] }
        """);
        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(
            new ServiceSpec(new ProbeSpec(ProbeType.Workflow, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(3)) { Definition = "probe-inventory" }, new HealthThresholds(1, 1, 1))
            {
                BaseUrl = target.BaseUrl, // the probe workflow's own calls resolve to the service
            }, "tests");
        await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.ProbeStatus == ServiceStatus.Unhealthy);
        await WaitForGatesAsync(cluster, name, g => g.Unhealthy);

        target.HealthStatus = 200;
        var recovered = await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Healthy);

        recovered.LastProbe!.Passed.Should().BeTrue("the probe workflow's http step was not deferred by the service's own gate");
        recovered.LastProbe.Detail.Should().EndWith("completed");
    }

    [Fact]
    public async Task Delete_TakesTheGateOffTheBoard()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var name = NewName("billing");
        var service = cluster.Client.GetGrain<IServiceGrain>(name);
        await service.PutAsync(new ServiceSpec(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Url = target.BaseUrl + "/health" }, HealthThresholds.Default), "tests");
        await WaitForGatesAsync(cluster, name, _ => true);
        var board = cluster.Client.GetGrain<IServiceGateBoardGrain>(IServiceGateBoardGrain.Key);

        var deleted = await service.DeleteAsync();
        var table = await board.GetAsync(-1);

        deleted.Outcome.Should().Be(DeleteServiceOutcome.Deleted);
        table!.Gates.Should().NotContainKey(name);
    }

    [Fact]
    public async Task HttpStep_WhenWorkflowCallsFail_OpensTheBreakerAndTheNextCallWaitsForTheTrial()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db);
        var name = NewName("payments");
        var opened = new System.Collections.Concurrent.ConcurrentBag<(string Instrument, long Value)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Automation" && instrument.Name.StartsWith("automation.service.breaker.", StringComparison.Ordinal))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record<T>(System.Diagnostics.Metrics.Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags, object? state)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "service" && (string?)tag.Value == name)
                {
                    opened.Add((instrument.Name, Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture)));
                }
            }
        }

        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<int>(Record);
        listener.Start();
        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(
            new ServiceSpec(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Url = target.BaseUrl + "/health" }, new HealthThresholds(1, 3, 1))
            {
                BaseUrl = target.BaseUrl + "/status",
                Breaker = new BreakerSettings(0.5, 2, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(4)),
            }, "tests");
        await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.ProbeStatus == ServiceStatus.Healthy);
        await WaitForGatesAsync(cluster, name, g => g.BaseUrl == target.BaseUrl + "/status");
        await cluster.RegisterAsync("call-failing", $$"""
        { "steps": [ { "id": "call", "type": "http", "with": { "url": "{{target.BaseUrl}}/status/503" },
                       "retry": { "maxAttempts": 2, "initialInterval": "100ms" } } ] }
        """);
        await cluster.RegisterAsync("call-fine", $$"""
        { "steps": [ { "id": "call", "type": "http", "timeout": "60s", "with": { "url": "{{target.BaseUrl}}/status/200" } } ] }
        """);

        var (failing, _) = await cluster.StartAsync("call-failing");
        var failed = await AutomationTestCluster.WaitAsync(failing, HangGuard);
        var open = await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.Breaker?.State == BreakerState.Open);
        await WaitForGatesAsync(cluster, name, g => g.Breaker == BreakerState.Open);
        listener.RecordObservableInstruments();
        var openGauge = opened.Where(m => m.Instrument == "automation.service.breaker.open").Select(m => m.Value).ToList();
        var (fine, _) = await cluster.StartAsync("call-fine");
        var waiting = await WaitForStepAsync(fine, s => s.Status == StepStatus.Waiting);
        var done = await AutomationTestCluster.WaitAsync(fine, HangGuard);
        var closed = await ServiceHealthTests.WaitForAsync(cluster.Client, name, s => s.Breaker?.State == BreakerState.Closed);

        failed.Status.Should().Be(WorkflowStatus.Failed, "the failing step used its 2 attempts");
        failed.Steps[0].Attempts.Should().Be(2);
        open.Breaker!.Failures.Should().BeGreaterThanOrEqualTo(2);
        open.Breaker.LastOpenedAt.Should().NotBeNull();
        open.ProbeStatus.Should().Be(ServiceStatus.Healthy, "the breaker opened from workflow calls alone");
        waiting.Steps[0].WaitingForService!.Reason.Should().Be($"waiting for service {name}: its circuit breaker is open");
        done.Status.Should().Be(WorkflowStatus.Completed, "after the break a trial (a probe or the call) closes the breaker");
        done.Steps[0].Attempts.Should().Be(1);
        closed.Breaker!.OpenUntil.Should().BeNull();
        opened.Should().Contain(("automation.service.breaker.opened", 1L));
        openGauge.Should().Contain(1L, "the gauge shows the breaker open");
    }

    [Fact]
    public async Task HttpStep_WaitingWhenWholeClusterRestarts_ResumesAndSucceedsAfterRecovery()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        var serviceId = "breaker-restart-" + Guid.NewGuid().ToString("N");
        var name = NewName("inventory");
        var workflowId = "waits-" + Guid.NewGuid().ToString("N");
        target.HealthStatus = 503;
        await using (var first = await AutomationTestCluster.StartAsync(db, serviceId))
        {
            await first.Client.GetGrain<IServiceGrain>(name).PutAsync(
                new ServiceSpec(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Url = target.BaseUrl + "/health" }, new HealthThresholds(1, 1, 1)), "tests");
            await ServiceHealthTests.WaitForAsync(first.Client, name, s => s.ProbeStatus == ServiceStatus.Unhealthy);
            await WaitForGatesAsync(first, name, g => g.Unhealthy);
            await first.RegisterAsync("call-inventory", $$"""
            { "steps": [ { "id": "call", "type": "http", "timeout": "2m", "with": { "url": "{{target.BaseUrl}}/echo", "service": "{{name}}" } } ] }
            """);
            var (grain, _) = await first.StartAsync("call-inventory", workflowId: workflowId);
            await WaitForStepAsync(grain, s => s.Status == StepStatus.Waiting);
        }

        target.HealthStatus = 200;
        await using var second = await AutomationTestCluster.StartAsync(db, serviceId);
        // Nothing calls the workflow: its reminder resumes it, and the step checks its service again.
        var done = await AutomationTestCluster.WaitAsync(second.Client.GetGrain<IWorkflowGrain>(workflowId), HangGuard);

        done.Status.Should().Be(WorkflowStatus.Completed);
        done.Steps[0].Attempts.Should().Be(1);
        target.IdempotencyKeys.Should().ContainSingle().Which.Should().Be($"{workflowId}:call:1");
    }
}
