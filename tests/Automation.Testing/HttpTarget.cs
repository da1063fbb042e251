using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Automation.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 for <c>http</c> steps to call. It records every request's idempotency key and
/// serves scripted behaviours:
/// <c>/echo</c> (200, JSON echo), <c>/status/{code}</c>, <c>/flaky/{failures}/{key}</c> (503 for the first N calls per key, then 200),
/// <c>/slow/{ms}</c> (200 after a delay, tracking concurrency), <c>/text</c> (plain text), <c>/big/{bytes}</c> (a large text body),
/// <c>/health</c> (answers <see cref="HealthStatus"/>, which tests flip), <c>/gate</c> (answers once the test calls <see cref="OpenGate"/>), <c>/inspect</c> (200, echoes the <c>Authorization</c> header,
/// query and body, and records them in <see cref="Inspected"/>).
/// </summary>
public sealed class HttpTarget : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, int> _callsByKey = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _received = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _ended = new();
    private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<int, TaskCompletionSource> _counts = new();
    private int _inFlight;
    private int _healthStatus = 200;
    private int _healthCalls;
    private int _maxInFlight;

    private HttpTarget(WebApplication app) => _app = app;

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Idempotency keys received, in arrival order.</summary>
    public ConcurrentQueue<string> IdempotencyKeys { get; } = new();

    /// <summary>What <c>/inspect</c> received, in arrival order: <c>{ authorization, query, body }</c> as JSON text.</summary>
    public ConcurrentQueue<string> Inspected { get; } = new();

    /// <summary>Requests in flight on <c>/slow</c> right now (an aborted call leaves at once).</summary>
    public int InFlight => Volatile.Read(ref _inFlight);

    /// <summary>The most requests that were in flight at once on <c>/slow</c>.</summary>
    public int MaxConcurrency => Volatile.Read(ref _maxInFlight);

    /// <summary>Starts a target on a free port.</summary>
    /// <returns>The running target.</returns>
    public static async Task<HttpTarget> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var target = new HttpTarget(app);
        app.Use(async (context, next) =>
        {
            if (context.Request.Headers.TryGetValue("Idempotency-Key", out var key))
            {
                target.IdempotencyKeys.Enqueue(key.ToString());
                target.Signal(target._received, key.ToString()).TrySetResult();
                foreach (var (count, signal) in target._counts)
                {
                    if (target.IdempotencyKeys.Count >= count)
                    {
                        signal.TrySetResult();
                    }
                }
            }

            try
            {
                await next(context);
            }
            finally
            {
                if (!string.IsNullOrEmpty(key))
                {
                    target.Signal(target._ended, key.ToString()).TrySetResult();
                }
            }
        });
        app.MapMethods("/echo", ["GET", "POST", "PUT"], async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var body = await reader.ReadToEndAsync();
            return Results.Json(new { method = request.Method, body, contentType = request.ContentType, idempotencyKey = request.Headers["Idempotency-Key"].ToString(), query = request.QueryString.Value });
        });
        app.MapMethods("/inspect", ["GET", "POST"], async (HttpRequest request) =>
        {
            using var reader = new StreamReader(request.Body);
            var seen = new { authorization = request.Headers.Authorization.ToString(), query = request.QueryString.Value, body = await reader.ReadToEndAsync() };
            target.Inspected.Enqueue(JsonSerializer.Serialize(seen));
            return Results.Json(seen);
        });
        app.MapGet("/gate", async (CancellationToken cancellationToken) =>
        {
            await target._gate.Task.WaitAsync(cancellationToken);
            return Results.Json(new { released = true });
        });
        app.MapGet("/health", () =>
        {
            Interlocked.Increment(ref target._healthCalls);
            var status = Volatile.Read(ref target._healthStatus);
            return Results.Json(new { status = status < 400 ? "ok" : "down" }, statusCode: status);
        });
        app.MapGet("/status/{code:int}", (int code) => Results.Json(new { code }, statusCode: code));
        app.MapGet("/text", () => Results.Text("plain words", "text/plain"));
        app.MapGet("/big/{bytes:int}", (int bytes) => Results.Text(new string('x', bytes), "text/plain"));
        app.MapGet("/flaky/{failures:int}/{key}", (int failures, string key) =>
        {
            var calls = target._callsByKey.AddOrUpdate(key, 1, (_, n) => n + 1);
            return calls <= failures ? Results.Json(new { calls }, statusCode: 503) : Results.Json(new { calls });
        });
        app.MapGet("/slow/{ms:int}", async (int ms, CancellationToken cancellationToken) =>
        {
            var now = Interlocked.Increment(ref target._inFlight);
            int seen;
            while ((seen = Volatile.Read(ref target._maxInFlight)) < now && Interlocked.CompareExchange(ref target._maxInFlight, now, seen) != seen)
            {
            }

            try
            {
                await Task.Delay(ms, cancellationToken);
                return Results.Json(new { sleptMs = ms });
            }
            finally
            {
                Interlocked.Decrement(ref target._inFlight);
            }
        });
        await app.StartAsync();
        target.BaseUrl = app.Urls.First();
        return target;
    }

    /// <summary>The status <c>/health</c> answers (with <c>{"status":"ok"}</c> below 400, else <c>{"status":"down"}</c>); 200 at first. Tests flip it.</summary>
    public int HealthStatus
    {
        get => Volatile.Read(ref _healthStatus);
        set => Volatile.Write(ref _healthStatus, value);
    }

    /// <summary>How many calls <c>/health</c> received.</summary>
    public int HealthCalls => Volatile.Read(ref _healthCalls);

    /// <summary>How many calls <c>/flaky/.../{key}</c> received.</summary>
    /// <param name="key">The key segment.</param>
    /// <returns>The count.</returns>
    public int FlakyCalls(string key) => _callsByKey.GetValueOrDefault(key);

    /// <summary>Answers every waiting and later <c>/gate</c> request (200).</summary>
    public void OpenGate() => _gate.TrySetResult();

    /// <summary>Completes when a request with this idempotency key has arrived.</summary>
    /// <param name="idempotencyKey">The key, e.g. <c>{workflowId}:{stepId}:{attempt}</c>.</param>
    /// <returns>A task that completes on arrival.</returns>
    public Task Received(string idempotencyKey) => Signal(_received, idempotencyKey).Task;

    /// <summary>Completes once at least <paramref name="count"/> requests carrying an idempotency key have arrived.</summary>
    /// <param name="count">How many.</param>
    /// <returns>A task that completes then.</returns>
    public Task ReceivedAtLeast(int count)
    {
        var signal = _counts.GetOrAdd(count, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (IdempotencyKeys.Count >= count)
        {
            signal.TrySetResult();
        }

        return signal.Task;
    }

    /// <summary>Completes when the request with this idempotency key has ended (answered or aborted by the caller).</summary>
    /// <param name="idempotencyKey">The key.</param>
    /// <returns>A task that completes when the request is over.</returns>
    public Task Ended(string idempotencyKey) => Signal(_ended, idempotencyKey).Task;

    private TaskCompletionSource Signal(ConcurrentDictionary<string, TaskCompletionSource> signals, string key) =>
        signals.GetOrAdd(key, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <inheritdoc />
    public async ValueTask DisposeAsync() => await _app.DisposeAsync();
}
