using Automation.Persistence;
using Automation.Testing;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Finished workflow steps in <c>automation_workflow_steps</c> (ADR 0027).</summary>
[Trait("Category", "Integration")]
public sealed class PostgresStepArchiveTests
{
    [Fact]
    public async Task UpsertAsync_TwiceAndOverlapping_KeepsOneRowPerStepWithTheLatestStateExactly()
    {
        await using var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        var archive = new PostgresStepArchive(dataSource);
        // Key order, number text and spacing as written: the column is json, not jsonb.
        const string First = """{"Status":3,"Output":{"z":1,"a":1.50}}""";
        const string Skipped = """{"Status":5,"CompletedAt":"2026-11-30T09:30:00+00:00"}""";
        const string SkippedAgain = """{"Status":5,"CompletedAt":"2026-11-30T10:00:00+00:00"}""";

        await archive.UpsertAsync("wf-1", [new ArchivedStep("a", First), new ArchivedStep("b", Skipped)]);
        await archive.UpsertAsync("wf-1", [new ArchivedStep("a", First), new ArchivedStep("b", Skipped)]); // a crash before the state write: again
        await archive.UpsertAsync("wf-1", [new ArchivedStep("b", SkippedAgain), new ArchivedStep("c", First)]); // b retried and archived anew
        await archive.UpsertAsync("wf-2", [new ArchivedStep("a", Skipped)]);
        await archive.UpsertAsync("wf-3", []);
        var rows = await archive.ReadAsync("wf-1");

        rows.OrderBy(r => r.StepId, StringComparer.Ordinal).Should().Equal(
            new ArchivedStep("a", First), new ArchivedStep("b", SkippedAgain), new ArchivedStep("c", First));
        (await archive.ReadAsync("wf-2")).Should().Equal(new ArchivedStep("a", Skipped));
        (await archive.ReadAsync("wf-3")).Should().BeEmpty();
        (await archive.ReadAsync("nobody")).Should().BeEmpty();
    }
}
