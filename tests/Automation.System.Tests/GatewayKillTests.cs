using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Process level: the silo that is the API's gateway is killed (<c>kill -9</c>) under a stream of starts while a
/// second silo stays alive. No start waits for Orleans' response timeout, and every start is answered <c>201</c>,
/// once per workflow, even those whose first attempt went down with the silo. Long-polls on workflows that lived on
/// the killed silo, sent through it, are in flight at the kill for certain (their answers die with the silo): they end
/// when their wait does, not a response timeout later.
/// </summary>
[Trait("Category", "Integration")]
[Collection(GatewayKillCollection.Name)]
public sealed class GatewayKillTests(ITestOutputHelper output) : IAsyncLifetime
{
    private const int Workers = 6;
    private const int Sleepers = 4;

    // "A few seconds": membership declares the killed silo dead in about a second, the API's retries back off from
    // 100 ms. Orleans' own response timeout (30 s, 10 s as the API configures it) must never be what ends a call.
    private static readonly TimeSpan MaxStart = TimeSpan.FromSeconds(7);
    private static readonly TimeSpan BeforeKill = TimeSpan.FromSeconds(3);
    private static readonly TimeSpan AfterKill = TimeSpan.FromSeconds(6);
    private static readonly TimeSpan LongPoll = TimeSpan.FromSeconds(3);

    private readonly string _logs = Directory.CreateTempSubdirectory("automation-gateway-").FullName;
    private readonly List<ServiceProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task KillApiGatewaySilo_UnderStreamOfStarts_EveryStartAnswered201WithinSeconds()
    {
        var total = Stopwatch.StartNew();
        var db = await PostgresServer.CreateDatabaseAsync();
        var cluster = "gateway-" + Guid.NewGuid().ToString("N")[..12];
        var gateway = await StartAsync("Automation.Silo", db, cluster, silo: true);
        // Started while the first silo is the only one: that silo is certainly the API's gateway, and the sleepers'
        // grains live on it (the API keeps sending their calls through it while that connection is up).
        var api = await StartAsync("Automation.Api", db, cluster, silo: false);
        using var http = new HttpClient { BaseAddress = new Uri(api.BaseUrl), Timeout = TimeSpan.FromSeconds(60) };
        await TestAuth.SignInAsync(http);
        var put = await http.PutAsync("/api/v1/definitions/stream", Json("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": "{{ input.n }}" } } ] }"""));
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        put = await http.PutAsync("/api/v1/definitions/sleepy", Json("""{ "steps": [ { "id": "nap", "type": "delay", "with": { "duration": "10m" } } ] }"""));
        put.StatusCode.Should().Be(HttpStatusCode.Created);
        for (var i = 0; i < Sleepers; i++)
        {
            (await http.PostAsync("/api/v1/workflows", Json($$"""{ "definition": "sleepy", "workflowId": "sleeper-{{i}}" }"""))).StatusCode.Should().Be(HttpStatusCode.Created);
        }

        await StartAsync("Automation.Silo", db, cluster, silo: true);

        output.WriteLine($"System up after {total.Elapsed.TotalSeconds:F1} s.");
        var starts = new ConcurrentBag<Start>();
        var clock = Stopwatch.StartNew();
        var stopAtTicks = long.MaxValue;
        var workers = Enumerable.Range(0, Workers).Select(w => Task.Run(async () =>
        {
            for (var i = 0; clock.Elapsed.Ticks < Volatile.Read(ref stopAtTicks); i++)
            {
                var id = $"s-{w}-{i}";
                var began = clock.Elapsed;
                using var response = await http.PostAsync("/api/v1/workflows", Json($$"""{ "definition": "stream", "workflowId": "{{id}}", "input": { "n": {{i}} } }"""));
                starts.Add(new Start(id, (int)response.StatusCode, began, clock.Elapsed, await response.Content.ReadAsStringAsync()));
            }
        })).ToList();
        var polls = new ConcurrentBag<Start>();
        workers.AddRange(Enumerable.Range(0, Sleepers).Select(w => Task.Run(async () =>
        {
            while (clock.Elapsed.Ticks < Volatile.Read(ref stopAtTicks))
            {
                var began = clock.Elapsed;
                using var response = await http.GetAsync($"/api/v1/workflows/sleeper-{w}?wait={LongPoll.TotalSeconds}s");
                polls.Add(new Start($"sleeper-{w}", (int)response.StatusCode, began, clock.Elapsed, await response.Content.ReadAsStringAsync()));
            }
        })));

        await Task.Delay(BeforeKill);
        var killedAt = clock.Elapsed;
        gateway.Kill();
        Volatile.Write(ref stopAtTicks, (killedAt + AfterKill).Ticks);
        await Task.WhenAll(workers);

        output.WriteLine($"Stream over after {total.Elapsed.TotalSeconds:F1} s.");
        var all = starts.OrderBy(s => s.Began).ToList();
        var overlapping = all.Where(s => s.Began <= killedAt && s.Ended >= killedAt).ToList();
        var slowest = all.MaxBy(s => s.Duration)!;
        output.WriteLine($"{all.Count} starts, {all.Count(s => s.Began > killedAt)} after the kill; {overlapping.Count} in flight at the kill: "
            + string.Join(", ", overlapping.Select(s => $"{s.Id} {s.Status} {s.Duration.TotalMilliseconds:F0} ms")));
        output.WriteLine($"Slowest: {slowest.Id} {slowest.Status} {slowest.Duration.TotalMilliseconds:F0} ms, began {(slowest.Began - killedAt).TotalMilliseconds:F0} ms after the kill.");

        overlapping.Should().NotBeEmpty("starts were in flight when the gateway died");
        all.Where(s => s.Status != 201).Should().BeEmpty("every start created its workflow and is told so, even if its first attempt was lost with the silo:\n"
            + string.Join("\n", all.Where(s => s.Status != 201).Take(10).Select(s => $"{s.Id} {s.Status} {s.Body}")) + "\n" + api.Tail());
        all.Where(s => s.Duration > MaxStart).Should().BeEmpty($"no start may wait for a response timeout (slowest {slowest.Duration.TotalMilliseconds:F0} ms)");
        all.Where(s => s.Began > killedAt + TimeSpan.FromSeconds(3)).Should().NotBeEmpty("the API kept serving after the kill");

        // Long-polls end when their wait ends: a lost answer is not waited for (10 s response timeout, then a new wait).
        var pollsAtKill = polls.Where(p => p.Began <= killedAt && p.Ended >= killedAt).ToList();
        output.WriteLine($"{polls.Count} long-polls; at the kill: " + string.Join(", ", pollsAtKill.Select(p => $"{p.Id} {p.Status} {p.Duration.TotalMilliseconds:F0} ms")));
        pollsAtKill.Should().HaveCount(Sleepers);
        polls.Should().OnlyContain(p => p.Status == 200 && p.Body.Contains("\"Running\""), "the sleepers resume on the surviving silo");
        polls.Where(p => p.Duration > LongPoll + TimeSpan.FromSeconds(5)).Should().BeEmpty("a long-poll through the killed gateway is retried at once");

        // The visibility table holds each workflow exactly once.
        var listed = new List<string>();
        string? cursor = null;
        do
        {
            var page = await http.GetFromJsonAsync<JsonElement>("/api/v1/workflows?definition=stream&limit=1000" + (cursor is null ? "" : "&cursor=" + Uri.EscapeDataString(cursor)));
            listed.AddRange(page.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("workflowId").GetString()!));
            cursor = page.GetProperty("nextCursor").GetString();
        }
        while (cursor is not null);

        // Sorted and compared in order: BeEquivalentTo on thousands of items is quadratic.
        listed.Should().OnlyHaveUniqueItems();
        listed.Order(StringComparer.Ordinal).Should().Equal(all.Select(s => s.Id).Order(StringComparer.Ordinal));
        api.ReadLog().Should().Contain("A gateway connection closed", "the API noticed the lost gateway");
        output.WriteLine($"Checked after {total.Elapsed.TotalSeconds:F1} s.");
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
            env["Orleans__SiloPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture);
            env["Orleans__GatewayPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture);
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

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");

    private sealed record Start(string Id, int Status, TimeSpan Began, TimeSpan Ended, string Body)
    {
        public TimeSpan Duration => Ended - Began;
    }
}

/// <summary>
/// Runs <see cref="GatewayKillTests"/> alone, after the parallel tests: it asserts how long calls take, and other
/// tests' processes competing for the 2 cores would only blur that.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class GatewayKillCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "gateway-kill";
}
