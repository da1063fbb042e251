using System.Data.Common;
using System.Diagnostics;
using System.Net;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using Automation.Api.Security;
using Automation.Api.Tests.GeneratedClient;
using Automation.Api.Tests.GeneratedClient.Api.V1.Audit;
using Automation.Security;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Microsoft.Kiota.Abstractions.Authentication;
using Microsoft.Kiota.Abstractions.Serialization;
using Microsoft.Kiota.Http.HttpClientLibrary;
using Npgsql;

namespace Automation.Api.Tests.Security;

/// <summary>
/// The audit trail (security issue item 7): what the API records for requests and sign-ins, what it never records,
/// <c>GET /api/v1/audit</c>, and the batching writer on its own.
/// </summary>
[Collection(ApiCollection.Name)]
[Trait("Category", "Integration")]
public sealed class AuditTests(ApiFixture fixture)
{
    private const string Simple = """{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""";
    private static readonly TimeSpan Deadline = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task PutDefinition_ByAdmin_RecordsWhoWhatTargetStatusAndRequestIdButNoQueryOrHeaderValue()
    {
        var name = "audit-" + Guid.NewGuid().ToString("N");
        var queryValue = "q" + Guid.NewGuid().ToString("N");
        var headerValue = "h" + Guid.NewGuid().ToString("N");
        using var request = Json(HttpMethod.Put, $"/api/v1/definitions/{name}?apiKey={queryValue}", Simple);
        request.Headers.TryAddWithoutValidation("X-Api-Token", headerValue);
        var traceId = Trace(request);

        using var response = await fixture.Http.SendAsync(request);
        var record = await SingleRecordAsync($"action=PutDefinition&target={name}");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        record.GetProperty("actor").GetString().Should().Be(ApiFixture.AdminUser);
        record.GetProperty("action").GetString().Should().Be("PutDefinition");
        record.GetProperty("target").GetString().Should().Be(name);
        record.GetProperty("outcome").GetString().Should().Be("success");
        record.GetProperty("status").GetInt32().Should().Be(201);
        record.GetProperty("requestId").GetString().Should().StartWith($"00-{traceId}-");
        record.GetProperty("at").GetDateTimeOffset().Should().BeCloseTo(DateTimeOffset.UtcNow, TimeSpan.FromMinutes(1));
        record.GetProperty("detail").EnumerateObject().Select(p => $"{p.Name}={p.Value.GetString()}")
            .Should().BeEquivalentTo("method=PUT", "route=/api/v1/definitions/{name}");
        (await RowsContainingAsync(queryValue)).Should().Be(0);
        (await RowsContainingAsync(headerValue)).Should().Be(0);
    }

    [Fact]
    public async Task StartWorkflow_Created_RecordsTheNewWorkflowIdAsTarget()
    {
        var name = "audit-start-" + Guid.NewGuid().ToString("N");
        (await fixture.PutDefinitionAsync(name, Simple)).StatusCode.Should().Be(HttpStatusCode.Created);

        using var response = await fixture.PostAsync("/api/v1/workflows", $$"""{ "definition": "{{name}}" }""");
        var workflowId = (await ApiFixture.ReadAsync(response)).GetProperty("workflowId").GetString()!;
        var record = await SingleRecordAsync($"action=StartWorkflow&target={Uri.EscapeDataString(workflowId)}");

        response.StatusCode.Should().Be(HttpStatusCode.Created);
        record.GetProperty("outcome").GetString().Should().Be("success");
        record.GetProperty("status").GetInt32().Should().Be(201);
    }

    [Fact]
    public async Task ListAudit_CallerWithoutAuditRead_Answers403AndIsRecordedDenied()
    {
        var user = "viewer-" + Guid.NewGuid().ToString("N")[..12];
        using var viewer = fixture.CreateClient("Bearer " + Forge(user, BuiltInRoles.Viewer));
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/audit");
        var traceId = Trace(request);

        using var response = await viewer.SendAsync(request);
        var problem = await ApiFixture.ReadAsync(response);
        var record = await SingleRecordAsync($"actor={user}");

        response.StatusCode.Should().Be(HttpStatusCode.Forbidden);
        record.GetProperty("action").GetString().Should().Be("ListAudit");
        record.GetProperty("outcome").GetString().Should().Be("denied");
        record.GetProperty("status").GetInt32().Should().Be(403);
        record.GetProperty("target").ValueKind.Should().Be(JsonValueKind.Null);
        record.GetProperty("requestId").GetString().Should().StartWith($"00-{traceId}-")
            .And.Be(problem.GetProperty("traceId").GetString(), "a client quotes the traceId of the problem to find the record");
    }

    [Fact]
    public async Task Requests_WithoutValidCredential_Answer401AndAreRecordedDeniedAsAnonymous()
    {
        using var anonymous = fixture.CreateClient();
        using var forged = fixture.CreateClient("Bearer not-a-token");
        using var post = Json(HttpMethod.Post, "/api/v1/workflows", """{ "definition": "nothing" }""");
        using var get = new HttpRequestMessage(HttpMethod.Get, "/api/v1/definitions");
        var postTrace = Trace(post);
        var getTrace = Trace(get);

        using var postResponse = await anonymous.SendAsync(post);
        using var getResponse = await forged.SendAsync(get);
        var records = await RecordsAsync("actor=anonymous&outcome=denied", r => r.Count(Traced(postTrace)) + r.Count(Traced(getTrace)) == 2);

        postResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        getResponse.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        var start = records.Single(Traced(postTrace));
        start.GetProperty("action").GetString().Should().Be("StartWorkflow");
        start.GetProperty("status").GetInt32().Should().Be(401);
        var list = records.Single(Traced(getTrace));
        list.GetProperty("action").GetString().Should().Be("ListDefinitions");
        list.GetProperty("status").GetInt32().Should().Be(401);
    }

    [Fact]
    public async Task SignIn_WrongPassword_IsRecordedOnceAsAuthTokenFailureAndNoSecretIsStoredAnywhere()
    {
        var user = "nobody-" + Guid.NewGuid().ToString("N")[..12];
        var password = "Wr0ng-" + Guid.NewGuid().ToString("N");
        using var anonymous = fixture.CreateClient();
        using var signIn = Json(HttpMethod.Post, "/api/v1/auth/token", JsonSerializer.Serialize(new { username = user, password }));
        var traceId = Trace(signIn);

        using var refused = await anonymous.SendAsync(signIn);
        var accessToken = await fixture.SignInAsync(ApiFixture.AdminUser, ApiFixture.AdminPassword);
        // The writer keeps order: once a later request's record is stored, a doubled sign-in record would be too.
        using var later = Json(HttpMethod.Post, "/api/v1/workflows", "{}");
        var laterTrace = Trace(later);
        (await anonymous.SendAsync(later)).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        await RecordsAsync("actor=anonymous&action=StartWorkflow", r => r.Any(Traced(laterTrace)));
        var record = await SingleRecordAsync($"action=auth.token&target={user}");

        refused.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        record.GetProperty("actor").GetString().Should().Be("anonymous");
        record.GetProperty("outcome").GetString().Should().Be("failure");
        record.GetProperty("status").GetInt32().Should().Be(401);
        record.GetProperty("requestId").GetString().Should().StartWith($"00-{traceId}-");
        (await CountAsync("SELECT count(*) FROM automation_audit WHERE request_id LIKE @value", $"00-{traceId}-%"))
            .Should().Be(1, "the request's own auth.token record replaces the generic one");
        foreach (var secret in new[] { password, ApiFixture.AdminPassword, accessToken, ApiFixture.SigningKey })
        {
            (await RowsContainingAsync(secret)).Should().Be(0);
        }
    }

    [Fact]
    public async Task ListAudit_FiltersAndCursor_WalkEveryMatchingRecordOnceNewestFirst()
    {
        var name = "audit-pages-" + Guid.NewGuid().ToString("N");
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        for (var i = 0; i < 5; i++)
        {
            // Each a changed document: the same one again would add no version (200, nothing stored).
            (await fixture.PutDefinitionAsync(name, Simple.Replace("\"value\": 1", $"\"value\": {i + 1}", StringComparison.Ordinal))).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        var all = await RecordsAsync($"target={name}", r => r.Count == 5);

        var walked = new List<JsonElement>();
        var pages = 0;
        string? cursor = null;
        do
        {
            var page = await ApiFixture.ReadAsync(await fixture.Http.GetAsync(
                $"/api/v1/audit?action=PutDefinition&actor=admin&target={name}&limit=2" + (cursor is null ? "" : "&cursor=" + cursor)));
            walked.AddRange(page.GetProperty("items").EnumerateArray());
            cursor = page.GetProperty("nextCursor").GetString();
            pages++;
        }
        while (cursor is not null);

        pages.Should().Be(3);
        walked.Select(Id).Should().Equal(all.Select(Id)).And.BeInDescendingOrder().And.OnlyHaveUniqueItems();
        (await RecordsAsync($"target={name}&outcome=denied", _ => true)).Should().BeEmpty();
        (await RecordsAsync($"target={name}&from={Time(before)}&to={Time(DateTimeOffset.UtcNow.AddMinutes(1))}", _ => true)).Should().HaveCount(5);
        (await RecordsAsync($"target={name}&to={Time(before)}", _ => true)).Should().BeEmpty();
    }

    [Fact]
    public async Task ListAudit_GeneratedClient_ReadsTypedRecords()
    {
        var name = "audit-kiota-" + Guid.NewGuid().ToString("N");
        (await fixture.PutDefinitionAsync(name, Simple)).StatusCode.Should().Be(HttpStatusCode.Created);
        await SingleRecordAsync($"target={name}");
        var client = new AutomationApiClient(new HttpClientRequestAdapter(new AnonymousAuthenticationProvider(), httpClient: fixture.Http)
        {
            BaseUrl = fixture.Http.BaseAddress!.ToString().TrimEnd('/'),
        });

        var page = await client.Api.V1.Audit.GetAsync(c =>
        {
            c.QueryParameters.Target = name;
            c.QueryParameters.Outcome = GetOutcomeQueryParameterType.Success;
            c.QueryParameters.Limit = 10;
        });

        var entry = page!.Items.Should().ContainSingle().Which;
        page.NextCursor.Should().BeNull();
        entry.Action.Should().Be("PutDefinition");
        entry.Status.Should().Be(201);
        entry.Id.Should().BePositive();
        entry.Detail.Should().BeOfType<UntypedObject>();
    }

    [Theory]
    [InlineData("limit=0", "limit")]
    [InlineData("limit=501", "limit")]
    [InlineData("limit=abc", "limit")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-13-01", "to")]
    [InlineData("cursor=not-a-cursor!", "cursor")]
    [InlineData("cursor=AQ", "cursor")]
    [InlineData("outcome=ok", "outcome")]
    [InlineData("target=a%00b", "target")]
    public async Task ListAudit_BadParameter_Answers400NamingIt(string query, string parameter)
    {
        using var response = await fixture.Http.GetAsync("/api/v1/audit?" + query);
        var problem = await ApiFixture.ReadAsync(response);

        response.StatusCode.Should().Be(HttpStatusCode.BadRequest);
        problem.GetProperty("errors").EnumerateObject().Select(p => p.Name).Should().Equal(parameter);
    }

    [Fact]
    public async Task Writer_DatabaseDownThenBack_WritesEveryRecordOnceInOrder()
    {
        var log = new FakeAuditLog { FailuresLeft = 3 };
        var writer = Writer(log);
        var records = Enumerable.Range(0, 20).Select(Record).ToList();

        records.Should().OnlyContain(r => writer.TryEnqueue(r));
        await log.WaitForAsync(20);
        await writer.DisposeAsync();

        log.Stored.Should().Equal(records);
        log.Calls.Should().BeGreaterThan(3);
    }

    [Fact]
    public async Task Writer_BufferFull_DropsNewRecordsAndKeepsTheOthers()
    {
        var log = new FakeAuditLog { Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously) };
        var writer = Writer(log, new AuditOptions { BufferCapacity = 5, MaxBatchSize = 1 });
        writer.TryEnqueue(Record(0)).Should().BeTrue();
        await log.Entered.Task.WaitAsync(Deadline);

        var queued = Enumerable.Range(1, 5).Select(i => writer.TryEnqueue(Record(i))).ToList();
        var overflow = writer.TryEnqueue(Record(6));
        log.Gate.SetResult();
        await log.WaitForAsync(6);
        await writer.DisposeAsync();

        queued.Should().OnlyContain(q => q);
        overflow.Should().BeFalse();
        log.Stored.Select(r => r.Target).Should().Equal("t0", "t1", "t2", "t3", "t4", "t5");
    }

    [Fact]
    public async Task Writer_Disposed_WritesWhatIsQueuedWithoutWaitingForTheFlushInterval()
    {
        var log = new FakeAuditLog();
        var writer = Writer(log, new AuditOptions { FlushInterval = TimeSpan.FromSeconds(10) });
        var started = Stopwatch.StartNew();

        writer.TryEnqueue(Record(0)).Should().BeTrue();
        writer.TryEnqueue(Record(1)).Should().BeTrue();
        await writer.DisposeAsync();

        log.Stored.Should().HaveCount(2);
        started.Elapsed.Should().BeLessThan(TimeSpan.FromSeconds(5));
        writer.TryEnqueue(Record(2)).Should().BeFalse("a stopped writer takes nothing");
    }

    [Fact]
    public async Task Writer_RecordTheDatabaseRefuses_StoresTheRestOfItsBatch()
    {
        var log = new FakeAuditLog { Refuse = r => r.Target == "t1" };
        var writer = Writer(log);

        foreach (var record in Enumerable.Range(0, 3).Select(Record))
        {
            writer.TryEnqueue(record);
        }

        await log.WaitForAsync(2);
        await writer.DisposeAsync();

        log.Stored.Select(r => r.Target).Should().Equal("t0", "t2");
    }

    private static AuditWriter Writer(FakeAuditLog log, AuditOptions? options = null) =>
        new(log, Options.Create(options ?? new AuditOptions { FlushInterval = TimeSpan.FromMilliseconds(20) }), TimeProvider.System, NullLogger<AuditWriter>.Instance);

    private static AuditRecord Record(int i) =>
        new(0, DateTimeOffset.UnixEpoch.AddSeconds(i), "tester", "Test", "t" + i, AuditTrail.Success, 200, null, null, null);

    private async Task<JsonElement> SingleRecordAsync(string query) => (await RecordsAsync(query, r => r.Count > 0)).Should().ContainSingle().Which;

    /// <summary>Reads the (first page of) records matching <paramref name="query"/> until <paramref name="done"/> holds: the writer is asynchronous.</summary>
    private async Task<IReadOnlyList<JsonElement>> RecordsAsync(string query, Func<IReadOnlyList<JsonElement>, bool> done)
    {
        var deadline = DateTime.UtcNow + Deadline;
        while (true)
        {
            using var response = await fixture.Http.GetAsync("/api/v1/audit?limit=500&" + query);
            response.StatusCode.Should().Be(HttpStatusCode.OK);
            var items = (await ApiFixture.ReadAsync(response)).GetProperty("items").EnumerateArray().ToList();
            if (done(items))
            {
                return items;
            }

            DateTime.UtcNow.Should().BeBefore(deadline, $"the records of '{query}' should be written within {Deadline}");
            await Task.Delay(50);
        }
    }

    private async Task<long> RowsContainingAsync(string text) =>
        await CountAsync("SELECT count(*) FROM automation_audit a WHERE strpos(a::text, @value) > 0", text);

    private async Task<long> CountAsync(string sql, string value)
    {
        await using var dataSource = NpgsqlDataSource.Create(fixture.ConnectionString);
        await using var command = dataSource.CreateCommand(sql);
        command.Parameters.AddWithValue("value", value);
        return (long)(await command.ExecuteScalarAsync())!;
    }

    private static HttpRequestMessage Json(HttpMethod method, string path, string json) =>
        new(method, path) { Content = new StringContent(json, Encoding.UTF8, "application/json") };

    /// <summary>Sends a W3C trace context, so the request's record can be recognised by its request id.</summary>
    private static string Trace(HttpRequestMessage request)
    {
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        request.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");
        return traceId;
    }

    private static Func<JsonElement, bool> Traced(string traceId) =>
        r => r.GetProperty("requestId").GetString()?.StartsWith($"00-{traceId}-", StringComparison.Ordinal) == true;

    private static long Id(JsonElement record) => record.GetProperty("id").GetInt64();

    private static string Time(DateTimeOffset time) => Uri.EscapeDataString(time.ToString("O"));

    /// <summary>An access token for <paramref name="user"/> with <paramref name="role"/>, signed with the fixture's key.</summary>
    private static string Forge(string user, string role)
    {
        var now = DateTime.UtcNow;
        var key = new SymmetricSecurityKey(Convert.FromBase64String(ApiFixture.SigningKey)) { KeyId = ApiFixture.KeyId };
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = new AuthOptions().Issuer,
            Audience = new AuthOptions().Audience,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddMinutes(10),
            Subject = new ClaimsIdentity([
                new Claim(SecurityClaims.Subject, user), new Claim(SecurityClaims.Kind, SecurityClaims.UserKind), new Claim(SecurityClaims.Role, role)]),
            SigningCredentials = new SigningCredentials(key, SecurityAlgorithms.HmacSha256),
        });
    }

    /// <summary>An audit log in memory that can fail, refuse records, or hold a write until released.</summary>
    private sealed class FakeAuditLog : IAuditLog
    {
        private readonly List<AuditRecord> _stored = [];
        private int _calls;

        public int FailuresLeft { get; set; }

        public Func<AuditRecord, bool> Refuse { get; init; } = _ => false;

        public TaskCompletionSource? Gate { get; init; }

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls => Volatile.Read(ref _calls);

        public IReadOnlyList<AuditRecord> Stored
        {
            get
            {
                lock (_stored)
                {
                    return [.. _stored];
                }
            }
        }

        public async Task AppendAsync(IReadOnlyList<AuditRecord> records, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            Entered.TrySetResult();
            if (Gate is not null)
            {
                await Gate.Task.WaitAsync(cancellationToken);
            }

            if (FailuresLeft > 0)
            {
                FailuresLeft--;
                throw new TimeoutException("The database is down.");
            }

            if (records.Any(Refuse))
            {
                throw new RefusedException();
            }

            lock (_stored)
            {
                _stored.AddRange(records);
            }
        }

        public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public async Task WaitForAsync(int count)
        {
            var deadline = DateTime.UtcNow + Deadline;
            while (Stored.Count < count)
            {
                DateTime.UtcNow.Should().BeBefore(deadline, $"{count} records should be stored");
                await Task.Delay(10);
            }
        }
    }

    /// <summary>What PostgreSQL answers for a value it cannot store (SQLSTATE 22021, e.g. a NUL character in text).</summary>
    private sealed class RefusedException() : DbException("invalid byte sequence for encoding \"UTF8\": 0x00")
    {
        public override string SqlState => "22021";
    }
}
