using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Automation.Postgres;
using Automation.Testing;
using Npgsql;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level, on a PostgreSQL server of the test's own: with a silo and the API running, PostgreSQL is stopped.
/// Every endpoint that needs the database answers <c>503</c> with <c>Retry-After</c> and a problem body (never a
/// <c>500</c>), and the API serves again by itself once PostgreSQL is back.
/// </summary>
[Trait("Category", "Integration")]
public sealed class DatabaseOutageTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromSeconds(60);
    private readonly string _logs = Directory.CreateTempSubdirectory("automation-outage-").FullName;
    private readonly List<ServiceProcess> _processes = [];
    private PrivatePostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PrivatePostgresServer.StartAsync();

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await _postgres.DisposeAsync();
    }

    [Fact]
    public async Task PostgresDown_EveryDatabaseEndpointAnswers503WithRetryAfter_AndTheApiRecoversWhenItIsBack()
    {
        var db = await _postgres.CreateDatabaseAsync();
        var cluster = "outage-" + Guid.NewGuid().ToString("N")[..12];
        await StartAsync("Automation.Silo", db, cluster, silo: true);
        var api = await StartAsync("Automation.Api", db, cluster, silo: false);
        using var http = new HttpClient { BaseAddress = new Uri(api.BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
        await TestAuth.SignInAsync(http);
        const string Definition = """{ "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "10m" } } ] }""";
        (await http.PutAsync("/api/v1/definitions/outage", Json(Definition))).StatusCode.Should().Be(HttpStatusCode.Created);
        await using (var source = NpgsqlDataSource.Create(db))
        {
            // Stored behind the silo's back, so that no definition grain has it cached: reading it needs the database.
            using var document = JsonDocument.Parse(Definition);
            await new PostgresDefinitionStore(source).InsertAsync("cold", document.RootElement);
        }

        (await http.PostAsync("/api/v1/workflows", Json("""{ "definition": "outage", "workflowId": "running" }"""))).StatusCode.Should().Be(HttpStatusCode.Created);

        await _postgres.StopAsync();

        // Each request needs PostgreSQL: a grain that must load its state (activation), a write, a definition that is
        // not cached, or the API's own queries. The lists go first and twice: the first use of a pooled connection
        // after the stop fails differently (57P01 "terminating connection") from a new connection (refused).
        (string Method, string Path, string? Body)[] probes =
        [
            ("GET", "/api/v1/workflows", null),
            ("GET", "/api/v1/workflows?status=Running", null),
            ("GET", "/api/v1/definitions", null),
            ("GET", "/api/v1/definitions", null),
            ("POST", "/api/v1/workflows", """{ "definition": "outage", "workflowId": "new-while-down" }"""),
            ("POST", "/api/v1/workflows", """{ "definition": "outage" }"""),
            ("GET", "/api/v1/workflows/never-started", null),
            ("GET", "/api/v1/workflows/never-started/history", null),
            ("POST", "/api/v1/workflows/running/cancel", """{ "reason": "while down" }"""),
            ("GET", "/api/v1/definitions/cold", null),
            ("GET", "/api/v1/definitions/cold/versions/1", null),
            ("PUT", "/api/v1/definitions/while-down", Definition),
        ];
        foreach (var (method, path, body) in probes)
        {
            using var response = await SendAsync(http, method, path, body);
            var text = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{method} {path} -> {(int)response.StatusCode} {text}");
            response.StatusCode.Should().Be(HttpStatusCode.ServiceUnavailable, $"{method} {path} needs the database: {text}");
            response.Headers.RetryAfter.Should().NotBeNull($"{method} {path} tells when to retry");
            response.Headers.RetryAfter!.Delta.Should().BePositive();
            response.Content.Headers.ContentType!.MediaType.Should().Be("application/problem+json");
            using var problem = JsonDocument.Parse(text);
            problem.RootElement.GetProperty("status").GetInt32().Should().Be(503);
            problem.RootElement.GetProperty("title").GetString().Should().Be("Database unavailable");
        }

        // The system page is needed most now: it answers, with the silos from the silo's own membership view, and
        // says the database is down without the driver's message (host, port and user).
        using (var overview = await http.GetAsync("/api/v1/system/overview"))
        {
            var text = await overview.Content.ReadAsStringAsync();
            output.WriteLine($"GET /api/v1/system/overview -> {(int)overview.StatusCode} {text}");
            overview.StatusCode.Should().Be(HttpStatusCode.OK, text);
            using var body = JsonDocument.Parse(text);
            var database = body.RootElement.GetProperty("database");
            database.GetProperty("healthy").GetBoolean().Should().BeFalse();
            database.GetProperty("error").GetString().Should().Be("PostgreSQL is unreachable.");
            body.RootElement.GetProperty("clusterError").ValueKind.Should().Be(JsonValueKind.Null);
            body.RootElement.GetProperty("activeSilos").GetInt32().Should().Be(1);
            var silo = body.RootElement.GetProperty("silos")[0];
            silo.GetProperty("status").GetString().Should().Be("Active");
            silo.GetProperty("activations").GetInt32().Should().BeGreaterThan(0, "statistics come from the silo, not the database");
            silo.GetProperty("hostName").ValueKind.Should().Be(JsonValueKind.Null, "host and start time are only in the membership table");
        }

        await _postgres.StartAgainAsync();
        var back = Stopwatch.StartNew();

        // Serving again means every one of these works, with no restart of the silo or the API.
        await WaitUntilAsync(async () =>
        {
            using var list = await http.GetAsync("/api/v1/workflows");
            using var definitions = await http.GetAsync("/api/v1/definitions");
            using var start = await SendAsync(http, "POST", "/api/v1/workflows", """{ "definition": "outage", "workflowId": "new-after" }""");
            using var missing = await http.GetAsync("/api/v1/workflows/never-started");
            return list.StatusCode == HttpStatusCode.OK && definitions.StatusCode == HttpStatusCode.OK
                && start.StatusCode is HttpStatusCode.Created or HttpStatusCode.OK && missing.StatusCode == HttpStatusCode.NotFound;
        }, "the API to serve again after PostgreSQL is back");
        output.WriteLine($"Served again {back.ElapsedMilliseconds} ms after PostgreSQL accepted connections again.");

        using var cancel = await SendAsync(http, "POST", "/api/v1/workflows/running/cancel", """{ "reason": "after" }""");
        cancel.StatusCode.Should().Be(HttpStatusCode.OK, await cancel.Content.ReadAsStringAsync());
        var listed = await http.GetFromJsonAsync<JsonElement>("/api/v1/workflows?definition=outage");
        listed.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("workflowId").GetString())
            .Should().BeEquivalentTo(["running", "new-after"], "nothing was created while the database was down");
    }

    private async Task<ServiceProcess> StartAsync(string project, string db, string cluster, bool silo)
    {
        var env = new Dictionary<string, string>
        {
            ["Automation__Postgres__ConnectionString"] = db,
            ["Orleans__ClusterId"] = cluster,
            ["Orleans__ServiceId"] = cluster,
            ["Logging__LogLevel__Default"] = "Warning",
        };
        if (silo)
        {
            env["Orleans__SiloPort"] = TestSilo.FreePort().ToString(global::System.Globalization.CultureInfo.InvariantCulture);
            env["Orleans__GatewayPort"] = TestSilo.FreePort().ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        }

        if (!silo)
        {
            foreach (var (key, value) in TestAuth.ApiEnvironment)
            {
                env[key] = value;
            }
        }

        var process = await ServiceProcess.StartAsync(project, TestSilo.FreePort(), env, _logs);
        _processes.Add(process);
        output.WriteLine($"{project} ready at {process.BaseUrl}, log {process.LogPath}");
        return process;
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string method, string path, string? body) =>
        http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = body is null ? null : Json(body) });

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = Stopwatch.StartNew();
        while (!await condition())
        {
            if (deadline.Elapsed > HangGuard)
            {
                throw new TimeoutException($"Waited {HangGuard} for {what}.\n{_postgres.LogTail()}\n" + string.Join("\n", _processes.Select(p => p.Tail())));
            }

            await Task.Delay(50);
        }
    }
}
