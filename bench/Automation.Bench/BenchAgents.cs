using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Automation.Bench;

/// <summary>
/// The workers of the <c>agent</c> scenario: <c>--agents</c> agents in the bench process that speak the agent protocol
/// (register, long-poll, complete at once with <c>{}</c>), so the scenario measures the queue and hand-off path, not
/// the work. Each remembers when it received every task, against the task's <c>enqueuedAt</c> (same machine clock),
/// for the hand-off latency. Their CPU counts as "bench".
/// </summary>
internal sealed class BenchAgents : IAsyncDisposable
{
    /// <summary>The capability the scenario's agent steps ask for.</summary>
    public const string Capability = "bench.noop";

    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _loops = [];
    private ConcurrentBag<double> _handOffs = [];
    private long _tasks;
    private string? _firstError;

    private BenchAgents(HttpClient http) => _http = http;

    /// <summary>Tasks completed so far.</summary>
    public long Tasks => Interlocked.Read(ref _tasks);

    /// <summary>The first error an agent met (it keeps going), if any.</summary>
    public string? FirstError => _firstError;

    /// <summary>Registers <paramref name="agents"/> agents of <paramref name="slots"/> slots each and starts their loops.</summary>
    public static async Task<BenchAgents> StartAsync(Uri api, string? token, int agents, int slots, CancellationToken cancellationToken)
    {
        var handler = new SocketsHttpHandler { MaxConnectionsPerServer = agents * (slots + 1) + 4, UseProxy = false };
        var http = new HttpClient(handler) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(2) };
        if (!string.IsNullOrEmpty(token))
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        var pool = new BenchAgents(http);
        for (var i = 0; i < agents; i++)
        {
            var body = $$"""{"name":"bench-{{i}}","capabilities":["{{Capability}}"],"maxConcurrency":{{slots}}}""";
            using var response = await http.PostAsync("api/v1/agents", new StringContent(body, Encoding.UTF8, Json), cancellationToken);
            var text = await response.Content.ReadAsStringAsync(cancellationToken);
            if (response.StatusCode != HttpStatusCode.Created)
            {
                throw new InvalidOperationException($"register agent answered {(int)response.StatusCode}: {text}");
            }

            var agentId = JsonDocument.Parse(text).RootElement.GetProperty("agentId").GetString()!;
            pool._loops.Add(Task.Run(() => pool.RunAsync(agentId, slots)));
        }

        return pool;
    }

    /// <summary>Hand-off latencies (ms) since the last call, and starts a new collection.</summary>
    public LatencySummary TakeHandOffs() => LatencySummary.From(Interlocked.Exchange(ref _handOffs, []));

    private async Task RunAsync(string agentId, int slots)
    {
        var cancellationToken = _stop.Token;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                var poll = $$"""{"max":{{slots}},"waitSeconds":30}""";
                using var response = await _http.PostAsync($"api/v1/agents/{agentId}/poll", new StringContent(poll, Encoding.UTF8, Json), cancellationToken);
                var receivedAt = DateTimeOffset.UtcNow;
                if (response.StatusCode == HttpStatusCode.NoContent)
                {
                    continue;
                }

                var text = await response.Content.ReadAsStringAsync(cancellationToken);
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    throw new InvalidOperationException($"poll answered {(int)response.StatusCode}: {text}");
                }

                var tasks = JsonDocument.Parse(text).RootElement.GetProperty("tasks").EnumerateArray()
                    .Select(t => (Id: t.GetProperty("taskId").GetString()!, EnqueuedAt: t.GetProperty("enqueuedAt").GetDateTimeOffset()))
                    .ToList();
                foreach (var (_, enqueuedAt) in tasks)
                {
                    _handOffs.Add((receivedAt - enqueuedAt).TotalMilliseconds);
                }

                await Task.WhenAll(tasks.Select(t => CompleteAsync(agentId, t.Id, cancellationToken)));
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref _firstError, ex.Message, null);
                await Task.Delay(100, CancellationToken.None);
            }
        }
    }

    private async Task CompleteAsync(string agentId, string taskId, CancellationToken cancellationToken)
    {
        var body = $$$"""{"agentId":"{{{agentId}}}","output":{}}""";
        using var response = await _http.PostAsync($"api/v1/tasks/{Uri.EscapeDataString(taskId)}/complete", new StringContent(body, Encoding.UTF8, Json), cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"complete answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
        }

        Interlocked.Increment(ref _tasks);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops).ContinueWith(_ => { }, TaskScheduler.Default);
        _http.Dispose();
        _stop.Dispose();
    }
}
