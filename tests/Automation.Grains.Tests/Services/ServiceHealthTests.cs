using Automation.Grains.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Automation.Services;
using Automation.Workflows;
using Automation.Testing;
using Npgsql;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// Monitored services on a real cluster and PostgreSQL, probing a real local HTTP server whose health the test flips
/// (issue 11): transitions at the thresholds, maintenance, dependency impact, the history in PostgreSQL, and probing
/// that resumes by itself after the whole cluster restarts (integration tier).
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServiceHealthTests
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);

    private static string NewName(string prefix) => prefix + "-" + Guid.NewGuid().ToString("N")[..8];

    private static Task<AutomationTestCluster> StartAsync(string db, string? serviceId = null) =>
        AutomationTestCluster.StartAsync(db, serviceId, configureSilo: silo =>
            silo.Services.Configure<ServiceMonitorOptions>(o => o.HistoryFlushInterval = TimeSpan.FromMilliseconds(200)));

    internal static ServiceSpec Http(string url, int degradedAfter = 1, int unhealthyAfter = 2, int recoverAfter = 2, params string[] dependsOn) =>
        new(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Url = url },
            new HealthThresholds(degradedAfter, unhealthyAfter, recoverAfter))
        {
            Owner = "team-a",
            Tags = ["tier-1"],
            DependsOn = dependsOn,
        };

    /// <summary>Polls the grain (read-only, interleaving) until <paramref name="done"/> holds.</summary>
    internal static async Task<ServiceSnapshot> WaitForAsync(IClusterClient client, string name, Func<ServiceSnapshot, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (true)
        {
            var snapshot = await client.GetGrain<IServiceGrain>(name).GetAsync();
            if (snapshot is not null && done(snapshot))
            {
                return snapshot;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"service {name} is {snapshot?.Status} (probe {snapshot?.ProbeStatus}, last {snapshot?.LastProbe?.Detail})");
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task Probes_WhenTargetFailsThenRecovers_TransitionsAtThresholdsAndRecordsThem()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var name = NewName("flip");
        var grain = cluster.Client.GetGrain<IServiceGrain>(name);

        var put = await grain.PutAsync(Http(target.BaseUrl + "/health"), "tests");
        await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Healthy);
        target.HealthStatus = 503;
        var unhealthy = await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);
        target.HealthStatus = 200;
        var healthy = await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Healthy && s.Transitions.Count >= 4);

        put.Created.Should().BeTrue();
        unhealthy.ConsecutiveFailures.Should().BeGreaterThanOrEqualTo(2);
        unhealthy.LastProbe!.StatusCode.Should().Be(503);
        var transitions = healthy.Transitions.Reverse().ToList();
        transitions.Select(t => (t.From, t.To)).Should().Equal(
            (ServiceStatus.Unknown, ServiceStatus.Healthy),
            (ServiceStatus.Healthy, ServiceStatus.Degraded),
            (ServiceStatus.Degraded, ServiceStatus.Unhealthy),
            (ServiceStatus.Unhealthy, ServiceStatus.Healthy));
        transitions[2].Reason.Should().StartWith("2 consecutive failures (unhealthyAfter 2): HTTP 503");
        transitions[3].Reason.Should().Be("2 consecutive passes (recoverAfter 2)");
        transitions.Should().OnlyContain(t => t.Service == name && t.Probe != null);
        var stored = await WaitForRowsAsync(db, "SELECT count(*) FROM automation_service_transitions WHERE service = @s", name, n => n >= 4);
        stored.Should().Be(4);
    }

    [Fact]
    public async Task Maintenance_WhileTargetFails_ShowsMaintenanceThenTheProbeStatus()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var name = NewName("maint");
        var grain = cluster.Client.GetGrain<IServiceGrain>(name);
        await grain.PutAsync(Http(target.BaseUrl + "/health"), "tests");
        await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Healthy);

        var set = await grain.SetMaintenanceAsync(DateTimeOffset.UtcNow.AddHours(1), "upgrade", "ops");
        target.HealthStatus = 500;
        var during = await WaitForAsync(cluster.Client, name, s => s.ProbeStatus == ServiceStatus.Unhealthy);
        var cleared = await grain.ClearMaintenanceAsync();
        target.HealthStatus = 200;

        set!.Status.Should().Be(ServiceStatus.Maintenance);
        set.Maintenance!.Reason.Should().Be("upgrade");
        during.Status.Should().Be(ServiceStatus.Maintenance, "maintenance holds the shown status while probes fail");
        cleared!.Status.Should().Be(ServiceStatus.Unhealthy);
        cleared.Transitions[0].Reason.Should().Be("maintenance ended; probe status Unhealthy");
        cleared.Transitions.Select(t => t.To).Should().NotContain(ServiceStatus.Degraded, "no transition is shown during maintenance");
    }

    [Fact]
    public async Task Dependency_WhenUnhealthy_DependentShowsImpactedAndKeepsItsOwnStatus()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var database = NewName("db");
        var api = NewName("api");
        await cluster.Client.GetGrain<IServiceGrain>(database).PutAsync(Http(target.BaseUrl + "/health"), "tests");
        await cluster.Client.GetGrain<IServiceGrain>(api).PutAsync(Http(target.BaseUrl + "/status/200", dependsOn: database), "tests");
        await WaitForAsync(cluster.Client, api, s => s.Status == ServiceStatus.Healthy);

        target.HealthStatus = 503;
        var impacted = await WaitForAsync(cluster.Client, api, s => s.Status == ServiceStatus.Impacted);
        target.HealthStatus = 200;
        var recovered = await WaitForAsync(cluster.Client, api, s => s.Status == ServiceStatus.Healthy);
        var deleteDependency = await cluster.Client.GetGrain<IServiceGrain>(database).DeleteAsync();

        impacted.ProbeStatus.Should().Be(ServiceStatus.Healthy);
        impacted.ImpactedBy.Should().Equal(database);
        impacted.Transitions[0].Reason.Should().Be("dependency unhealthy: " + database);
        recovered.Transitions[0].Reason.Should().Be("dependencies recovered; probe status Healthy");
        deleteDependency.Outcome.Should().Be(DeleteServiceOutcome.HasDependents);
        deleteDependency.Dependents.Should().Equal(api);
    }

    [Fact]
    public async Task PutAsync_BadDependenciesOrInterval_RegistersNothing()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await StartAsync(db);
        var a = NewName("a");
        var b = NewName("b");
        await cluster.Client.GetGrain<IServiceGrain>(a).PutAsync(Http("http://127.0.0.1:9/x"), "tests");
        await cluster.Client.GetGrain<IServiceGrain>(b).PutAsync(Http("http://127.0.0.1:9/x", dependsOn: a), "tests");

        var cycle = await cluster.Client.GetGrain<IServiceGrain>(a).PutAsync(Http("http://127.0.0.1:9/x", dependsOn: b), "tests");
        var unknown = await cluster.Client.GetGrain<IServiceGrain>("c-" + a).PutAsync(Http("http://127.0.0.1:9/x", dependsOn: "nope"), "tests");
        var fast = Http("http://127.0.0.1:9/x") with { Probe = new ProbeSpec(ProbeType.Http, TimeSpan.FromMilliseconds(500), TimeSpan.FromMilliseconds(400)) { Url = "http://127.0.0.1:9/x" } };
        var tooFast = await cluster.Client.GetGrain<IServiceGrain>("d-" + a).PutAsync(fast, "tests");
        var listed = await cluster.Client.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).ListAsync();

        cycle.Errors.Should().ContainSingle().Which.Message.Should().Be($"Depending on '{b}' makes a cycle: {a} → {b} → {a}.");
        (await cluster.Client.GetGrain<IServiceGrain>(a).GetAsync())!.Spec.DependsOn.Should().BeEmpty();
        unknown.Errors.Should().ContainSingle().Which.Path.Should().Be("$.dependsOn[0]");
        tooFast.Errors.Should().ContainSingle().Which.Path.Should().Be("$.probe.interval");
        listed.Should().BeEquivalentTo([a, b]);
        (await cluster.Client.GetGrain<IServiceGrain>("c-" + a).GetAsync()).Should().BeNull();
    }

    [Fact]
    public async Task GetHealthAsync_AfterProbes_HasRecentProbesMinuteAggregatesAndUptime()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var name = NewName("hist");
        var grain = cluster.Client.GetGrain<IServiceGrain>(name);
        await grain.PutAsync(Http(target.BaseUrl + "/health"), "tests");
        await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Healthy);

        ServiceHealthReport report;
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while ((report = (await grain.GetHealthAsync())!).Recent.Count < 3)
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(200);
        }

        report.Status.Should().Be(ServiceStatus.Healthy);
        report.Recent.Should().OnlyContain(p => p.Passed && p.StatusCode == 200 && p.LatencyMs > 0);
        report.Recent.Should().BeInDescendingOrder(p => p.StartedAt);
        report.Minutes.Should().NotBeEmpty();
        report.Minutes.Sum(m => m.Count).Should().BeGreaterThanOrEqualTo(3);
        report.Minutes.Should().OnlyContain(m => m.P50Ms <= m.P95Ms && m.P95Ms <= m.MaxMs && m.Failures == 0);
        report.Transitions.Should().ContainSingle().Which.To.Should().Be(ServiceStatus.Healthy);
        report.Uptime24h.Should().Be(100);
        report.Uptime7d.Should().Be(100);
    }

    [Fact]
    public async Task Probing_WhenWholeClusterRestarts_ResumesWithNoCall()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        var serviceId = "services-restart-" + Guid.NewGuid().ToString("N");
        var name = NewName("durable");
        await using (var first = await StartAsync(db, serviceId))
        {
            await first.Client.GetGrain<IServiceGrain>(name).PutAsync(Http(target.BaseUrl + "/health"), "tests");
            await WaitForAsync(first.Client, name, s => s.Status == ServiceStatus.Healthy);
        }

        var minutesAtStop = await ScalarAsync(db, "SELECT coalesce(sum(count), 0) FROM automation_service_minutes WHERE service = @s", name);
        var callsAtStop = target.HealthCalls;
        await using var second = await StartAsync(db, serviceId);
        // Nothing calls the service grain: its reminder must wake it, and the activation re-arms the probe timer.
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (target.HealthCalls < callsAtStop + 3)
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"probes so far: {target.HealthCalls}, at stop: {callsAtStop}");
            await Task.Delay(100);
        }

        minutesAtStop.Should().BeGreaterThan(0, "a stopping silo writes its open minutes");
        var probesStored = await WaitForRowsAsync(db, "SELECT count(*) FROM automation_service_probes WHERE service = @s", name, n => n >= callsAtStop + 1);
        probesStored.Should().BeGreaterThan(callsAtStop);
        var snapshot = await second.Client.GetGrain<IServiceGrain>(name).GetAsync();
        snapshot!.Status.Should().Be(ServiceStatus.Healthy);
    }

    [Fact]
    public async Task Probes_TcpAndWorkflow_PassOnLiveTargetsAndFailOnAClosedPort()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        await cluster.RegisterAsync("probe-flow", """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""");
        var port = new Uri(target.BaseUrl).Port;
        var tcp = NewName("tcp");
        var closed = NewName("closed");
        var flow = NewName("flow");
        var thresholds = new HealthThresholds(1, 1, 1);
        ServiceSpec Spec(ProbeSpec probe) => new(probe, thresholds);

        await cluster.Client.GetGrain<IServiceGrain>(tcp).PutAsync(Spec(new ProbeSpec(ProbeType.Tcp, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Host = "127.0.0.1", Port = port }), "tests");
        await cluster.Client.GetGrain<IServiceGrain>(closed).PutAsync(Spec(new ProbeSpec(ProbeType.Tcp, TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(800)) { Host = "127.0.0.1", Port = 9 }), "tests");
        await cluster.Client.GetGrain<IServiceGrain>(flow).PutAsync(Spec(new ProbeSpec(ProbeType.Workflow, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)) { Definition = "probe-flow" }), "tests");
        var tcpUp = await WaitForAsync(cluster.Client, tcp, s => s.Status == ServiceStatus.Healthy);
        var tcpDown = await WaitForAsync(cluster.Client, closed, s => s.Status == ServiceStatus.Unhealthy);
        var flowUp = await WaitForAsync(cluster.Client, flow, s => s.Status == ServiceStatus.Healthy);

        tcpUp.LastProbe!.Detail.Should().Be("connected");
        tcpDown.LastProbe!.Passed.Should().BeFalse();
        tcpDown.LastProbe.Detail.Should().NotBeNullOrEmpty();
        flowUp.LastProbe!.Detail.Should().MatchRegex($"^workflow service:{flow}:\\d{{8}}T\\d{{9}}Z completed$");
    }

    [Fact]
    public async Task WorkflowProbe_WhenItTimesOut_CancelsTheWorkflowItStarted()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var cluster = await StartAsync(db);
        await cluster.RegisterAsync("probe-stuck", """{ "signals": ["never"], "steps": [ { "id": "w", "type": "wait", "with": { "signal": "never" } } ] }""");
        var name = NewName("stuck");
        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(
            new ServiceSpec(new ProbeSpec(ProbeType.Workflow, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)) { Definition = "probe-stuck" }, new HealthThresholds(1, 1, 1)), "tests");

        var down = await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);
        var workflowId = $"service:{name}:{down.LastProbe!.ScheduledAt.UtcDateTime:yyyyMMdd'T'HHmmssfff'Z'}";
        var workflow = cluster.Client.GetGrain<IWorkflowGrain>(workflowId);
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        WorkflowSnapshot? snapshot;
        while ((snapshot = await workflow.GetAsync()) is null || snapshot.Status.IsActive())
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"the timed-out probe's workflow {workflowId} is cancelled, not left running");
            await Task.Delay(50);
        }

        down.LastProbe.Detail.Should().StartWith("timed out");
        snapshot.Status.Should().Be(WorkflowStatus.Cancelled);
    }

    [Fact]
    public async Task Put_WhileASlowProbeIsInFlight_AnswersAtOnceAndTheProbeTimesOut()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await StartAsync(db);
        var name = NewName("slow");
        var grain = cluster.Client.GetGrain<IServiceGrain>(name);
        var spec = new ServiceSpec(new ProbeSpec(ProbeType.Http, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)) { Url = target.BaseUrl + "/slow/30000" }, HealthThresholds.Default);
        await grain.PutAsync(spec, "tests");
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (target.InFlight == 0)
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(20);
        }

        // Not an interleaving call: it would wait for the probe if the probe held the grain's turn.
        var replaced = await grain.PutAsync(spec with { Description = "changed while probing" }, "tests");
        var inFlightAfterPut = target.InFlight;
        var probed = await WaitForAsync(cluster.Client, name, s => s.LastProbe is not null);

        replaced.Snapshot!.Spec.Description.Should().Be("changed while probing");
        inFlightAfterPut.Should().Be(1, "the PUT was answered while the probe was still waiting for the target");
        probed.LastProbe!.Passed.Should().BeFalse();
        probed.LastProbe.Detail.Should().Be("timed out after 5s"); // (its LatencyMs is not asserted: timers may fire a millisecond early)
    }

    [Fact]
    public async Task TransitionSink_RegisteredBySilo_ReceivesEveryTransitionInOrder()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        await using var cluster = await AutomationTestCluster.StartAsync(db, configureSilo: silo =>
            silo.Services.AddSingleton<IServiceTransitionSink, RecordingSink>()); // after AddAutomation's no-op default: this one is resolved
        var name = NewName("sink");
        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(Http(target.BaseUrl + "/health"), "tests");
        await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Healthy);

        target.HealthStatus = 503;
        var unhealthy = await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Unhealthy);

        // Published right after the state write that the grain's answer may already reflect.
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        List<ServiceTransition> published;
        while ((published = [.. RecordingSink.Received.Where(t => t.Service == name)]).Count < 3)
        {
            DateTimeOffset.UtcNow.Should().BeBefore(deadline);
            await Task.Delay(50);
        }

        published.Select(t => t.To).Should().Equal(ServiceStatus.Healthy, ServiceStatus.Degraded, ServiceStatus.Unhealthy);
        published.Should().BeEquivalentTo(unhealthy.Transitions.Reverse(), o => o.WithStrictOrdering());
        published[^1].Probe!.StatusCode.Should().Be(503);
    }

    /// <summary>A sink as alerts would plug in: records what it is given.</summary>
    private sealed class RecordingSink : IServiceTransitionSink
    {
        public static System.Collections.Concurrent.ConcurrentQueue<ServiceTransition> Received { get; } = new();

        public Task PublishAsync(ServiceTransition transition, CancellationToken cancellationToken = default)
        {
            Received.Enqueue(transition);
            return Task.CompletedTask;
        }
    }

    [Fact]
    public async Task Metrics_AfterProbesAndATransition_ReportDurationUpStateAndTransitionsByService()
    {
        var db = await PostgresServer.CreateDatabaseAsync();
        await using var target = await HttpTarget.StartAsync();
        var name = NewName("metered");
        var measurements = new System.Collections.Concurrent.ConcurrentBag<(string Instrument, double Value, string? Unit)>();
        using var listener = new System.Diagnostics.Metrics.MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == "Automation" && instrument.Name.StartsWith("automation.service.", StringComparison.Ordinal))
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
                    measurements.Add((instrument.Name, Convert.ToDouble(value, System.Globalization.CultureInfo.InvariantCulture), instrument.Unit));
                }
            }
        }

        listener.SetMeasurementEventCallback<double>(Record);
        listener.SetMeasurementEventCallback<long>(Record);
        listener.SetMeasurementEventCallback<int>(Record);
        listener.Start();
        await using var cluster = await StartAsync(db);
        await cluster.Client.GetGrain<IServiceGrain>(name).PutAsync(Http(target.BaseUrl + "/health"), "tests");
        await WaitForAsync(cluster.Client, name, s => s.Status == ServiceStatus.Healthy);

        listener.RecordObservableInstruments();

        measurements.Should().Contain(m => m.Instrument == "automation.service.probe.duration" && m.Unit == "s" && m.Value > 0 && m.Value < 1);
        measurements.Should().Contain(m => m.Instrument == "automation.service.up" && m.Value == 1);
        measurements.Should().Contain(m => m.Instrument == "automation.service.state" && m.Value == (int)ServiceStatus.Healthy);
        measurements.Should().Contain(m => m.Instrument == "automation.service.transitions" && m.Value == 1);
    }

    private static async Task<long> ScalarAsync(string db, string sql, string service)
    {
        await using var connection = new NpgsqlConnection(db);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        command.Parameters.AddWithValue("s", service);
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<long> WaitForRowsAsync(string db, string sql, string service, Func<long, bool> done)
    {
        var deadline = DateTimeOffset.UtcNow + HangGuard;
        while (true)
        {
            var n = await ScalarAsync(db, sql, service);
            if (done(n))
            {
                return n;
            }

            DateTimeOffset.UtcNow.Should().BeBefore(deadline, $"rows so far: {n}");
            await Task.Delay(200);
        }
    }
}
