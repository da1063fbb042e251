using Automation.Events;
using Automation.Testing;
using Automation.Workflows;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Offloaded workflow history in <c>automation_history</c>.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresHistoryStoreTests
{
    [Fact]
    public async Task AppendAsync_ChunksTwiceAndOverlapping_StoresEachEventOnceAndReadsInOrder()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var store = new PostgresHistoryStore(dataSource);
        var at = DateTimeOffset.Parse("2026-11-29T12:00:00Z", System.Globalization.CultureInfo.InvariantCulture);
        WorkflowEvent[] events =
        [
            new WorkflowStarted(1, at, "orders", 3),
            new StepScheduled(2, at, "a"),
            new StepRetrying(3, at, "a", 1, new StepError("http.503", "busy", true), at.AddSeconds(1)),
            new StepFailed(4, at, "a", 2, new StepError("http.404", "gone", false)),
        ];

        await store.AppendAsync("wf-1", events[..3]);
        await store.AppendAsync("wf-1", events[1..]); // a crash before the state write: the chunk comes again
        await store.AppendAsync("wf-2", events[..1]);
        var all = await store.ReadAsync("wf-1", 0, 100);
        var page = await store.ReadAsync("wf-1", 1, 2);

        all.Should().BeEquivalentTo(events, o => o.RespectingRuntimeTypes().WithStrictOrdering());
        page.Select(e => e.Sequence).Should().Equal(2, 3);
        (await store.ReadAsync("wf-2", 0, 100)).Should().ContainSingle();
        (await store.ReadAsync("nobody", 0, 100)).Should().BeEmpty();
    }
}
