using Automation.Persistence;
using Automation.Testing;
using Automation.Workflows;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>The workflow visibility table: group-committed upserts and keyset pagination.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresWorkflowIndexTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task UpsertAsync_ManyConcurrentCallers_AllRowsLand()
    {
        await using var index = await CreateIndexAsync();
        var entries = Enumerable.Range(0, 200).Select(i => Entry($"wf-{i:D3}", i)).ToList();

        await Task.WhenAll(entries.Select(e => index.Index.UpsertAsync(e)));

        var page = await index.Index.QueryAsync(new WorkflowQuery(null, null, null, null, 1000, null));
        page.Items.Select(e => e.WorkflowId).Should().BeEquivalentTo(entries.Select(e => e.WorkflowId));
        page.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task UpsertAsync_LowerRevisionAfterHigher_KeepsHigher()
    {
        await using var index = await CreateIndexAsync();
        var completed = Entry("wf-1", 0) with { Status = WorkflowStatus.Completed, Revision = 7, CompletedAt = Epoch.AddMinutes(5) };
        await index.Index.UpsertAsync(completed);

        await index.Index.UpsertAsync(Entry("wf-1", 0) with { Revision = 3 });

        var stored = (await index.Index.QueryAsync(new WorkflowQuery(null, null, null, null, 10, null))).Items.Single();
        stored.Should().Be(completed);
    }

    [Fact]
    public async Task UpsertAsync_InsertOnlyRevision_InsertsWhenAbsentAndNeverReplaces()
    {
        await using var index = await CreateIndexAsync();
        var anchor = Entry("wf-new", 0) with { Revision = WorkflowIndexEntry.InsertOnlyRevision };
        var stored = Entry("wf-old", 1) with { Definition = "original", Status = WorkflowStatus.Completed, Revision = 0, CompletedAt = Epoch.AddMinutes(5) };
        await index.Index.UpsertAsync(stored);

        await index.Index.UpsertAsync(anchor);
        await index.Index.UpsertAsync(Entry("wf-old", 1) with { Definition = "other", Revision = WorkflowIndexEntry.InsertOnlyRevision });
        await index.Index.UpsertAsync(Entry("wf-new", 0) with { Definition = "other", Revision = WorkflowIndexEntry.InsertOnlyRevision });

        var rows = (await index.Index.QueryAsync(new WorkflowQuery(null, null, null, null, 10, null))).Items.ToDictionary(r => r.WorkflowId);
        rows["wf-old"].Should().Be(stored, "an insert-only row never replaces a stored one, even of revision 0");
        rows["wf-new"].Should().Be(anchor, "nor another insert-only row: the first one stays");
    }

    [Fact]
    public async Task UpsertAsync_ConcurrentRevisionsOfOneWorkflow_EndsAtHighest()
    {
        await using var index = await CreateIndexAsync();
        var revisions = Enumerable.Range(1, 100).Select(r => Entry("wf-1", 0) with { Revision = r, UpdatedAt = Epoch.AddSeconds(r) }).ToList();

        await Task.WhenAll(revisions.AsEnumerable().Reverse().Select(e => index.Index.UpsertAsync(e)));

        var stored = (await index.Index.QueryAsync(new WorkflowQuery(null, null, null, null, 10, null))).Items.Single();
        stored.Should().Be(revisions[^1]);
    }

    [Fact]
    public async Task QueryAsync_WalkingAllPagesWithFilters_ReturnsEachRowOnceNewestFirst()
    {
        await using var index = await CreateIndexAsync();
        // Three rows share each created_at, so the workflow id must break ties.
        var entries = Enumerable.Range(0, 90)
            .Select(i => Entry($"wf-{i:D2}", i / 3) with
            {
                Definition = i % 2 == 0 ? "even" : "odd",
                Status = i % 3 == 0 ? WorkflowStatus.Completed : WorkflowStatus.Running,
            })
            .ToList();
        await Task.WhenAll(entries.Select(e => index.Index.UpsertAsync(e)));
        var expected = entries
            .Where(e => e.Definition == "even" && e.Status == WorkflowStatus.Running)
            .OrderByDescending(e => e.CreatedAt)
            .ThenByDescending(e => e.WorkflowId, StringComparer.Ordinal)
            .ToList();

        var walked = new List<WorkflowIndexEntry>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await index.Index.QueryAsync(new WorkflowQuery(WorkflowStatus.Running, "even", null, null, 7, cursor));
            walked.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        walked.Should().Equal(expected);
        pages.Should().Be((expected.Count + 6) / 7);
    }

    [Fact]
    public async Task QueryAsync_CreatedRange_ReturnsOnlyRowsInRange()
    {
        await using var index = await CreateIndexAsync();
        await Task.WhenAll(Enumerable.Range(0, 10).Select(i => index.Index.UpsertAsync(Entry($"wf-{i}", i))));

        var page = await index.Index.QueryAsync(new WorkflowQuery(null, null, Epoch.AddMinutes(3), Epoch.AddMinutes(6), 100, null));

        page.Items.Select(e => e.WorkflowId).Should().Equal("wf-5", "wf-4", "wf-3");
    }

    [Fact]
    public async Task UpsertAsync_RowsWithDifferentTagCountsInOneBatch_KeepEachRowsTagsInOrder()
    {
        await using var index = await CreateIndexAsync();
        var entries = Enumerable.Range(0, 50).Select(i => Entry($"wf-{i:D2}", i) with { Tags = [.. Enumerable.Range(0, i % 4).Select(t => $"t{t}:{i}")] }).ToList();

        await Task.WhenAll(entries.Select(e => index.Index.UpsertAsync(e)));

        var page = await index.Index.QueryAsync(new WorkflowQuery(null, null, null, null, 100, null));
        page.Items.Should().BeEquivalentTo(entries, o => o.WithStrictOrderingFor(e => e.Tags));
    }

    [Fact]
    public async Task QueryAsync_ByTagsWalkingAllPages_ReturnsRowsWithEveryTagOnce()
    {
        await using var index = await CreateIndexAsync();
        var entries = Enumerable.Range(0, 60)
            .Select(i => Entry($"wf-{i:D2}", i / 3) with
            {
                Tags = [.. new[] { i % 2 == 0 ? "team:payments" : "team:search", i % 3 == 0 ? "priority-high" : "priority-low" }],
            })
            .ToList();
        await Task.WhenAll(entries.Select(e => index.Index.UpsertAsync(e)));
        var expected = entries.Where(e => e.Tags!.Contains("team:payments") && e.Tags!.Contains("priority-high"))
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.WorkflowId, StringComparer.Ordinal).Select(e => e.WorkflowId).ToList();

        var walked = await WalkAsync(index, new WorkflowQuery(null, null, null, null, 3, null, Tags: ["priority-high", "team:payments"]));

        walked.Should().Equal(expected);
        expected.Should().HaveCount(10);
    }

    [Fact]
    public async Task QueryAsync_ByIdPrefixWalkingAllPages_ReturnsOnlyIdsWithThePrefix()
    {
        await using var index = await CreateIndexAsync();
        var entries = Enumerable.Range(0, 40).Select(i => Entry((i % 2 == 0 ? "order-" : "invoice-") + i.ToString("D2", System.Globalization.CultureInfo.InvariantCulture), i / 4)).ToList();
        await Task.WhenAll(entries.Select(e => index.Index.UpsertAsync(e)));
        var expected = entries.Where(e => e.WorkflowId.StartsWith("order-", StringComparison.Ordinal))
            .OrderByDescending(e => e.CreatedAt).ThenByDescending(e => e.WorkflowId, StringComparer.Ordinal).Select(e => e.WorkflowId).ToList();

        var walked = await WalkAsync(index, new WorkflowQuery(null, null, null, null, 6, null, IdPrefix: "order-"));

        walked.Should().Equal(expected);
    }

    [Fact]
    public async Task QueryAsync_IdPrefixWithLikeWildcards_MatchesThemLiterally()
    {
        await using var index = await CreateIndexAsync();
        await Task.WhenAll(new[] { "a_b%1", "a_b%2", "axb%1", "a_bx1", "a_b", @"a\b%1" }.Select((id, i) => index.Index.UpsertAsync(Entry(id, i))));

        var wildcards = await WalkAsync(index, new WorkflowQuery(null, null, null, null, 10, null, IdPrefix: "a_b%"));
        var backslash = await WalkAsync(index, new WorkflowQuery(null, null, null, null, 10, null, IdPrefix: @"a\"));

        wildcards.Should().Equal("a_b%2", "a_b%1");
        backslash.Should().Equal(@"a\b%1");
    }

    private static async Task<List<string>> WalkAsync(IndexUnderTest index, WorkflowQuery query)
    {
        var walked = new List<string>();
        string? cursor = null;
        do
        {
            var page = await index.Index.QueryAsync(query with { Cursor = cursor });
            walked.AddRange(page.Items.Select(e => e.WorkflowId));
            cursor = page.NextCursor;
        }
        while (cursor is not null);

        return walked;
    }

    [Theory]
    [InlineData("not a cursor!")]
    [InlineData("AAAA")]
    [InlineData("AgAAAAAAAAAAd2YtMQ")]
    public async Task QueryAsync_MalformedCursor_ThrowsInvalidCursorException(string cursor)
    {
        await using var index = await CreateIndexAsync();

        var query = () => index.Index.QueryAsync(new WorkflowQuery(null, null, null, null, 10, cursor));

        await query.Should().ThrowAsync<InvalidCursorException>();
    }

    private static WorkflowIndexEntry Entry(string id, int minute) =>
        new(id, "definition", 1, WorkflowStatus.Running, Epoch.AddMinutes(minute), Epoch.AddMinutes(minute), null, 1);

    private static async Task<IndexUnderTest> CreateIndexAsync()
    {
        var dataSource = NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
        return new IndexUnderTest(dataSource, new PostgresWorkflowIndex(dataSource, NullLogger<PostgresWorkflowIndex>.Instance));
    }
}
