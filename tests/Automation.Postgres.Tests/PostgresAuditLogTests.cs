using System.Buffers.Text;
using System.Text.Json;
using Automation.Persistence;
using Automation.Postgres.Security;
using Automation.Security;
using Automation.Testing;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>The append-only audit table: batch appends, filtered keyset pages, and the trigger that refuses changes.</summary>
[Trait("Category", "Integration")]
public sealed class PostgresAuditLogTests
{
    private static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task AppendAsync_OneBatch_StoresEveryFieldAsGiven()
    {
        await using var dataSource = await CreateDataSourceAsync();
        var log = new PostgresAuditLog(dataSource);
        var full = new AuditRecord(0, Epoch, "admin", "PutDefinition", "hello", "success", 201, "10.0.0.7", "00-abc-def-01",
            JsonSerializer.SerializeToElement(new { method = "PUT", route = "/api/v1/definitions/{name}" }));
        var sparse = new AuditRecord(0, Epoch.AddSeconds(1), "anonymous", "auth.refresh", null, "failure", null, null, null, null);

        await log.AppendAsync([full, sparse]);

        var page = await log.QueryAsync(Query());
        page.Items.Should().HaveCount(2);
        page.Items[0].Should().BeEquivalentTo(sparse, o => o.Excluding(r => r.Id));
        page.Items[1].Should().BeEquivalentTo(full, o => o.Excluding(r => r.Id).Excluding(r => r.Detail));
        page.Items[1].Detail!.Value.GetRawText().Should().Be("""{"route": "/api/v1/definitions/{name}", "method": "PUT"}""", "jsonb normalises key order");
        page.Items[0].Id.Should().BeGreaterThan(page.Items[1].Id);
        page.NextCursor.Should().BeNull();
    }

    [Fact]
    public async Task QueryAsync_WalkingAllPagesWithFilters_ReturnsEachMatchingRecordOnceNewestFirst()
    {
        await using var dataSource = await CreateDataSourceAsync();
        var log = new PostgresAuditLog(dataSource);
        var records = Enumerable.Range(0, 60).Select(i => Record(i) with
        {
            Actor = i % 3 == 0 ? "ada" : "bob",
            Action = i % 2 == 0 ? "StartWorkflow" : "CancelWorkflow",
            Outcome = i % 5 == 0 ? "denied" : "success",
        }).ToList();
        await log.AppendAsync(records);
        var expected = records.Where(r => r.Actor == "ada" && r.Action == "StartWorkflow" && r.Outcome == "success").Select(r => r.Target).Reverse().ToList();

        var walked = new List<AuditRecord>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await log.QueryAsync(Query() with { Actor = "ada", Action = "StartWorkflow", Outcome = "success", Limit = 3, Cursor = cursor });
            walked.AddRange(page.Items);
            cursor = page.NextCursor;
            pages++;
        }
        while (cursor is not null);

        expected.Should().HaveCount(8);
        walked.Select(r => r.Target).Should().Equal(expected);
        walked.Select(r => r.Id).Should().BeInDescendingOrder().And.OnlyHaveUniqueItems();
        pages.Should().Be(3);
    }

    [Fact]
    public async Task QueryAsync_TargetAndTimeRange_MatchExactlyFromInclusiveToExclusive()
    {
        await using var dataSource = await CreateDataSourceAsync();
        var log = new PostgresAuditLog(dataSource);
        await log.AppendAsync([.. Enumerable.Range(0, 10).Select(Record)]);

        var range = await log.QueryAsync(Query() with { From = Epoch.AddMinutes(2), To = Epoch.AddMinutes(5) });
        var target = await log.QueryAsync(Query() with { Target = "t7" });
        var none = await log.QueryAsync(Query() with { Target = "t" });

        range.Items.Select(r => r.Target).Should().Equal("t4", "t3", "t2");
        target.Items.Should().ContainSingle().Which.At.Should().Be(Epoch.AddMinutes(7));
        none.Items.Should().BeEmpty();
    }

    [Fact]
    public async Task QueryAsync_PageBoundary_LastFullPageHasNoCursor()
    {
        await using var dataSource = await CreateDataSourceAsync();
        var log = new PostgresAuditLog(dataSource);
        await log.AppendAsync([.. Enumerable.Range(0, 4).Select(Record)]);

        var first = await log.QueryAsync(Query() with { Limit = 2 });
        var second = await log.QueryAsync(Query() with { Limit = 2, Cursor = first.NextCursor });

        first.Items.Select(r => r.Target).Should().Equal("t3", "t2");
        second.Items.Select(r => r.Target).Should().Equal("t1", "t0");
        second.NextCursor.Should().BeNull();
    }

    [Theory]
    [InlineData("not base64!")]
    [InlineData("AQ")]
    [InlineData("AgAAAAAAAAAB")]
    [InlineData("AQAAAAAAAAAA")]
    public async Task QueryAsync_ForeignCursor_ThrowsInvalidCursorException(string cursor)
    {
        await using var dataSource = await CreateDataSourceAsync();
        var log = new PostgresAuditLog(dataSource);

        var act = () => log.QueryAsync(Query() with { Cursor = cursor });

        await act.Should().ThrowAsync<InvalidCursorException>();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task QueryAsync_LimitOutOfRange_Throws(int limit)
    {
        await using var dataSource = await CreateDataSourceAsync();
        var log = new PostgresAuditLog(dataSource);

        var act = () => log.QueryAsync(Query() with { Limit = limit });

        await act.Should().ThrowAsync<ArgumentOutOfRangeException>();
    }

    [Theory]
    [InlineData("UPDATE automation_audit SET outcome = 'success'")]
    [InlineData("DELETE FROM automation_audit")]
    public async Task UpdateOrDelete_AnyRecord_IsRefusedByTheTrigger(string statement)
    {
        await using var dataSource = await CreateDataSourceAsync();
        var log = new PostgresAuditLog(dataSource);
        await log.AppendAsync([Record(0) with { Outcome = "denied" }]);

        var act = async () =>
        {
            await using var command = dataSource.CreateCommand(statement);
            await command.ExecuteNonQueryAsync();
        };

        (await act.Should().ThrowAsync<PostgresException>()).Which.MessageText.Should().Contain("append-only");
        (await log.QueryAsync(Query())).Items.Should().ContainSingle().Which.Outcome.Should().Be("denied");
    }

    [Fact]
    public void Cursor_KnownBytes_IsBase64UrlOfFormatAndBigEndianId()
    {
        var cursor = new AuditCursor(258).Encode();

        Base64Url.DecodeFromChars(cursor).Should().Equal(1, 0, 0, 0, 0, 0, 0, 1, 2);
        AuditCursor.Decode(cursor).Id.Should().Be(258);
    }

    private static AuditQuery Query() => new(null, null, null, null, null, null, 100, null);

    private static AuditRecord Record(int i) =>
        new(0, Epoch.AddMinutes(i), "tester", "Test", "t" + i, "success", 200, "127.0.0.1", "req-" + i, null);

    private static async Task<NpgsqlDataSource> CreateDataSourceAsync() => NpgsqlDataSource.Create(await PostgresServer.CreateDatabaseAsync());
}
