using Automation.Services;
using Automation.Testing;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Monitored services' history (<c>sql/migrations/0010-service-health.sql</c>, ADR 0015): batched appends, minute merges, pruning, reads.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresServiceHealthStoreTests
{
    private static readonly DateTimeOffset T0 = DateTimeOffset.Parse("2026-11-30T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private static ServiceProbeRecord Probe(string service, int second, double ms, bool passed = true) =>
        new(service, new ProbeResult(T0.AddSeconds(second), T0.AddSeconds(second).AddMilliseconds(1), ms, passed, passed ? "HTTP 200" : "HTTP 503") { StatusCode = passed ? 200 : 503 });

    [Fact]
    public async Task AppendAsync_SameMinuteTwice_MergesAndReadsEverything()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresServiceHealthStore(dataSource);
        var transition = new ServiceTransition("a", ServiceStatus.Healthy, ServiceStatus.Degraded, "1 consecutive failure", T0.AddSeconds(2), Probe("a", 2, 9, false).Result) { ProbeStatus = ServiceStatus.Degraded };

        await store.AppendAsync([Probe("a", 1, 5), Probe("a", 2, 9, false), Probe("b", 1, 1)], [new ServiceMinute("a", T0, 2, 1, 5, 9, 9)], [transition]);
        await store.AppendAsync([], [new ServiceMinute("a", T0, 2, 0, 7, 11, 12)], []); // the rest of the minute, from another silo
        var (probes, minutes, transitions) = await store.ReadAsync("a", 10, T0.AddHours(-1), T0.AddDays(-7));

        probes.Select(p => p.LatencyMs).Should().Equal(9, 5);
        probes[0].StatusCode.Should().Be(503);
        minutes.Should().ContainSingle().Which.Should().Be(new ServiceMinute("a", T0, 4, 1, 6, 10, 12));
        transitions.Should().ContainSingle().Which.Should().BeEquivalentTo(transition);
    }

    [Fact]
    public async Task PruneAsync_KeepsTheNewestPerServiceAndDropsOldRows()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresServiceHealthStore(dataSource);
        await store.AppendAsync([.. Enumerable.Range(0, 10).Select(i => Probe("a", i, i)), Probe("b", 0, 1)],
            [new ServiceMinute("a", T0.AddDays(-2), 1, 0, 1, 1, 1), new ServiceMinute("a", T0, 1, 0, 1, 1, 1)],
            [new ServiceTransition("a", ServiceStatus.Unknown, ServiceStatus.Healthy, "first probe passed", T0.AddDays(-40), null)]);

        await store.PruneAsync(["a"], keepProbes: 3, probesBefore: T0.AddHours(-24), minutesBefore: T0.AddHours(-24), transitionsBefore: T0.AddDays(-30));
        var a = await store.ReadAsync("a", 100, T0.AddDays(-3), T0.AddDays(-100));
        var b = await store.ReadAsync("b", 100, T0.AddDays(-3), T0.AddDays(-100));
        await store.DeleteAsync("b");

        a.Probes.Select(p => p.LatencyMs).Should().Equal(9, 8, 7);
        a.Minutes.Should().ContainSingle().Which.Minute.Should().Be(T0);
        a.Transitions.Should().BeEmpty();
        b.Probes.Should().ContainSingle("only services written since the last prune are capped");
        (await store.ReadAsync("b", 100, T0.AddDays(-3), T0.AddDays(-100))).Probes.Should().BeEmpty();
    }
}
