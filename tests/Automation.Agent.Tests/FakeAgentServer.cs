using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Automation.Agent.Tests;

/// <summary>
/// A small server on Kestrel (127.0.0.1, free port) that speaks the agent protocol of <c>/work/agents-spec.md</c>: it
/// registers agents, leases queued tasks on long polls (never more than asked), and records heartbeats and reports.
/// Tests script its answers (409, 503, <c>cancelRequested</c>) and await what it recorded through <see cref="WaitUntilAsync"/>.
/// </summary>
internal sealed class FakeAgentServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<JsonObject> _queue = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _agents;
    private int _held;

    private FakeAgentServer(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    /// <summary>The log of the agents pointed at this server, for failure messages.</summary>
    public LogSink Log { get; } = new();

    /// <summary>The heartbeat interval register answers.</summary>
    public int HeartbeatIntervalSeconds { get; set; } = 1;

    /// <summary>Register bodies received, with the <c>Authorization</c> header.</summary>
    public ConcurrentQueue<(string Authorization, JsonElement Body)> Registrations { get; } = new();

    /// <summary>Each poll's <c>max</c> and the tasks the agent held when it polled.</summary>
    public ConcurrentQueue<(int Max, int Held)> Polls { get; } = new();

    /// <summary>Heartbeat bodies by task id.</summary>
    public ConcurrentQueue<(string TaskId, JsonElement Body)> Heartbeats { get; } = new();

    /// <summary>Reports: task id, <c>complete</c> or <c>fail</c>, the body, and the status answered.</summary>
    public ConcurrentQueue<(string TaskId, string Kind, JsonElement Body, int Status)> Reports { get; } = new();

    /// <summary>Tasks whose heartbeats answer <c>cancelRequested: true</c>.</summary>
    public ConcurrentDictionary<string, bool> CancelRequested { get; } = new();

    /// <summary>Tasks whose reports answer 409 (the lease is lost).</summary>
    public ConcurrentDictionary<string, bool> LeaseLost { get; } = new();

    /// <summary>How many more reports answer 503 before one is accepted.</summary>
    public int ReportFailures;

    /// <summary>Whether register answers 401 (a bad API key).</summary>
    public bool RejectRegistration { get; set; }

    /// <summary>How many more polls answer 503.</summary>
    public int PollFailures;

    /// <summary>Whether heartbeats with details answer 400 (the server refused the details).</summary>
    public bool RejectDetails { get; set; }

    /// <summary>How many more polls answer 404 (unknown agent).</summary>
    public int UnknownAgentPolls;

    /// <summary>The most tasks an agent held at once.</summary>
    public int MaxHeld { get; private set; }

    public static async Task<FakeAgentServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeAgentServer(app);
        app.MapPost("/api/v1/agents", (Delegate)server.RegisterAsync);
        app.MapPost("/api/v1/agents/{agentId}/poll", server.PollAsync);
        app.MapPost("/api/v1/tasks/{taskId}/heartbeat", server.HeartbeatAsync);
        app.MapPost("/api/v1/tasks/{taskId}/{kind}", server.ReportAsync);
        app.MapDelete("/api/v1/agents/{agentId}", () => Results.Accepted());
        await app.StartAsync();
        server.BaseUrl = app.Urls.First();
        return server;
    }

    /// <summary>Queues a task; a waiting poll gets it at once.</summary>
    public string Enqueue(string capability, JsonNode? input, DateTimeOffset? runBy = null, DateTimeOffset? heartbeatBy = null)
    {
        var id = "t" + Guid.NewGuid().ToString("N")[..12];
        var now = DateTimeOffset.UtcNow;
        _queue.Enqueue(new JsonObject
        {
            ["taskId"] = id, ["workflowId"] = "wf-" + id, ["stepId"] = "step", ["attempt"] = 1, ["capability"] = capability,
            ["priority"] = 5, ["input"] = input, ["idempotencyKey"] = $"wf-{id}:step", ["enqueuedAt"] = now, ["leasedAt"] = now,
            ["deadlines"] = new JsonObject { ["runBy"] = runBy ?? now.AddHours(1), ["heartbeatBy"] = heartbeatBy },
        });
        Pulse();
        return id;
    }

    /// <summary>Completes when <paramref name="condition"/> holds, checked whenever the server records something.</summary>
    public async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60)); // hang guard only
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            if (condition())
            {
                return;
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"Timed out waiting for {what}.\n{Describe()}");
            }
        }
    }

    /// <summary>What the server saw and the agents logged.</summary>
    public string Describe() =>
        $"registrations {Registrations.Count}; polls [{string.Join(", ", Polls.Select(p => $"{p.Max}/{p.Held}"))}]; " +
        $"heartbeats [{string.Join(", ", Heartbeats.Select(h => h.TaskId))}]; reports [{string.Join(", ", Reports.Select(r => $"{r.TaskId} {r.Kind} {r.Status}"))}]; " +
        $"queued {_queue.Count}\n{Log}";

    /// <summary>Awaits <paramref name="task"/>, failing with what the server saw if it does not complete in 60 s (a hang guard).</summary>
    public async Task<T> WithinAsync<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(TimeSpan.FromSeconds(60));
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out waiting for {what}.\n{Describe()}");
        }
    }

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }

    private async Task<IResult> RegisterAsync(HttpContext http)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        Registrations.Enqueue((http.Request.Headers.Authorization.ToString(), body));
        if (RejectRegistration)
        {
            Pulse();
            return Results.Problem(statusCode: 401, title: "The API key is invalid, expired or revoked.");
        }

        var id = $"agent{Interlocked.Increment(ref _agents)}";
        Pulse();
        return Results.Created($"/api/v1/agents/{id}", new { agentId = id, heartbeatInterval = $"PT{HeartbeatIntervalSeconds}S", heartbeatIntervalSeconds = HeartbeatIntervalSeconds });
    }

    private async Task<IResult> PollAsync(HttpContext http, string agentId)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        var max = body.GetProperty("max").GetInt32();
        var wait = TimeSpan.FromSeconds(body.GetProperty("waitSeconds").GetInt32());
        Polls.Enqueue((max, Volatile.Read(ref _held)));
        Pulse();
        if (max is < 1 or > 100)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["$.max"] = ["Must be 1 to 100."] });
        }

        if (Interlocked.Decrement(ref PollFailures) >= 0)
        {
            return Results.StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        if (Interlocked.Decrement(ref UnknownAgentPolls) >= 0)
        {
            return Results.NotFound();
        }

        using var waited = CancellationTokenSource.CreateLinkedTokenSource(http.RequestAborted);
        waited.CancelAfter(wait);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            var tasks = new JsonArray();
            while (tasks.Count < max && _queue.TryDequeue(out var task))
            {
                tasks.Add(task);
            }

            if (tasks.Count > 0)
            {
                var held = Interlocked.Add(ref _held, tasks.Count);
                lock (_gate)
                {
                    MaxHeld = Math.Max(MaxHeld, held);
                }

                return Results.Json(new JsonObject { ["tasks"] = tasks });
            }

            try
            {
                await changed.WaitAsync(waited.Token);
            }
            catch (OperationCanceledException)
            {
                return Results.NoContent();
            }
        }
    }

    private async Task<IResult> HeartbeatAsync(HttpContext http, string taskId)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        Heartbeats.Enqueue((taskId, body));
        Pulse();
        if (LeaseLost.ContainsKey(taskId))
        {
            return Results.Conflict();
        }

        if (RejectDetails && body.TryGetProperty("details", out var details) && details.ValueKind != JsonValueKind.Null)
        {
            return Results.ValidationProblem(new Dictionary<string, string[]> { ["$.details"] = ["At most 16 KiB of JSON."] });
        }

        return Results.Json(new { cancelRequested = CancelRequested.ContainsKey(taskId), deadlines = new { runBy = DateTimeOffset.UtcNow.AddHours(1) } });
    }

    private async Task<IResult> ReportAsync(HttpContext http, string taskId, string kind)
    {
        var body = await JsonSerializer.DeserializeAsync<JsonElement>(http.Request.Body);
        var status = Interlocked.Decrement(ref ReportFailures) >= 0 ? HttpStatusCode.ServiceUnavailable
            : LeaseLost.ContainsKey(taskId) ? HttpStatusCode.Conflict
            : kind == "complete" && body.GetProperty("output") is { ValueKind: JsonValueKind.Object } output && output.TryGetProperty("tooBig", out _)
                ? HttpStatusCode.RequestEntityTooLarge
            : HttpStatusCode.OK;
        if (status is HttpStatusCode.OK or HttpStatusCode.Conflict)
        {
            Interlocked.Decrement(ref _held);
        }

        Reports.Enqueue((taskId, kind, body, (int)status));
        Pulse();
        return status == HttpStatusCode.OK ? Results.Json(new { accepted = true }) : Results.StatusCode((int)status);
    }
}
