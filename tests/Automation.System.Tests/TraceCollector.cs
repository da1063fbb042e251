using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Automation.System.Tests;

/// <summary>
/// An in-test OTLP/HTTP trace receiver (<c>POST /v1/traces</c>, protobuf, as the OpenTelemetry exporter sends it) and a
/// called service (<c>GET /call</c>, which records the <c>traceparent</c> it receives), on 127.0.0.1.
/// </summary>
internal sealed class TraceCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<OtlpSpan> _spans = new();
    private readonly ConcurrentQueue<string> _traceParents = new();
    private readonly SemaphoreSlim _arrived = new(0);

    private TraceCollector(WebApplication app) => _app = app;

    /// <summary>The base URL.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>The <c>traceparent</c> headers <c>/call</c> received.</summary>
    public IReadOnlyCollection<string> TraceParents => _traceParents;

    /// <summary>Starts on a free port.</summary>
    public static async Task<TraceCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var collector = new TraceCollector(app);
        app.MapPost("/v1/traces", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            foreach (var span in OtlpSpan.Parse(body.ToArray()))
            {
                collector._spans.Enqueue(span);
            }

            collector._arrived.Release();
            return Results.Bytes([], "application/x-protobuf");
        });
        app.MapGet("/call", (HttpRequest request) =>
        {
            collector._traceParents.Enqueue(request.Headers.TraceParent.ToString());
            collector._arrived.Release();
            return Results.Json(new { ok = true });
        });
        await app.StartAsync();
        collector.BaseUrl = app.Urls.First();
        return collector;
    }

    /// <summary>Waits until the spans received satisfy <paramref name="done"/>, each export re-checking it.</summary>
    /// <param name="done">The condition over every span received so far.</param>
    /// <param name="timeout">How long to wait at most.</param>
    /// <returns>The spans received.</returns>
    public async Task<List<OtlpSpan>> WaitForAsync(Func<IReadOnlyList<OtlpSpan>, bool> done, TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        while (true)
        {
            var spans = _spans.ToList();
            if (done(spans))
            {
                return spans;
            }

            try
            {
                await _arrived.WaitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                return _spans.ToList();
            }
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.DisposeAsync();
        _arrived.Dispose();
    }
}
