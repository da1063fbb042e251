using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Automation.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 that receives notifications the way a production receiver should:
/// <c>POST /webhook/{id}</c> verifies <c>Automation-Signature: t=…,v1=…</c> with the key registered for <c>id</c>
/// (<see cref="Expect"/>), refuses a timestamp older than <see cref="Tolerance"/> (400), a wrong signature (401) and a
/// replay of a delivery already accepted (409), and answers the scripted statuses first (e.g. 503 then 200);
/// <c>POST /slack/{id}</c> records the message. Accepted deliveries are in <see cref="Deliveries"/>.
/// </summary>
public sealed class NotificationReceiver : IAsyncDisposable
{
    /// <summary>How old a signed timestamp may be.</summary>
    public static readonly TimeSpan Tolerance = TimeSpan.FromMinutes(5);

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, string> _keys = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<int>> _scripts = new();
    private readonly ConcurrentDictionary<string, byte> _seen = new();

    private NotificationReceiver(WebApplication app) => _app = app;

    /// <summary>The base URL, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>Accepted deliveries by receiver id, in arrival order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<Delivery>> Deliveries { get; } = new();

    /// <summary>The <c>Idempotency-Key</c> of every request by receiver id, whatever was answered, in arrival order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<string>> Keys { get; } = new();

    /// <summary>Every request by receiver id, with the status answered, in arrival order.</summary>
    public ConcurrentDictionary<string, ConcurrentQueue<int>> Answers { get; } = new();

    /// <summary>Starts a receiver on a free port.</summary>
    /// <returns>The running receiver.</returns>
    public static async Task<NotificationReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new NotificationReceiver(app);
        app.MapPost("/webhook/{id}", async (string id, HttpRequest request) =>
        {
            var body = await ReadAsync(request);
            var status = receiver.Verify(id, request.Headers["Automation-Signature"].ToString(), body);
            if (status == 200 && receiver._scripts.TryGetValue(id, out var script) && script.TryDequeue(out var scripted))
            {
                status = scripted;
            }

            return receiver.Answer(id, status, request, body);
        });
        app.MapPost("/slack/{id}", async (string id, HttpRequest request) =>
            receiver.Answer(id, 200, request, await ReadAsync(request)));
        await app.StartAsync();
        receiver.BaseUrl = app.Urls.First();
        return receiver;
    }

    /// <summary>Registers the signing key of webhook receiver <paramref name="id"/> and the statuses to answer first.</summary>
    /// <param name="id">The receiver id (a path segment).</param>
    /// <param name="signingKey">The channel's signing key.</param>
    /// <param name="firstStatuses">Statuses answered to the first correctly signed deliveries (e.g. 503), before 200s.</param>
    public void Expect(string id, string signingKey, params int[] firstStatuses)
    {
        _keys[id] = signingKey;
        _scripts[id] = new ConcurrentQueue<int>(firstStatuses);
    }

    /// <summary>The receiver's own check, as in the documented recipe: 200, or 400/401/409 with why.</summary>
    /// <param name="id">The receiver id.</param>
    /// <param name="header">The <c>Automation-Signature</c> header.</param>
    /// <param name="body">The exact body.</param>
    /// <returns>The status to answer.</returns>
    public int Verify(string id, string header, string body)
    {
        if (!_keys.TryGetValue(id, out var key))
        {
            return 404;
        }

        var parts = header.Split(',').Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0].Trim(), p => p[1].Trim());
        if (!parts.TryGetValue("t", out var t) || !parts.TryGetValue("v1", out var v1) || !long.TryParse(t, CultureInfo.InvariantCulture, out var unix))
        {
            return 400;
        }

        if ((DateTimeOffset.UtcNow - DateTimeOffset.FromUnixTimeSeconds(unix)).Duration() > Tolerance)
        {
            return 400; // too old (or from the future): a replay of an old capture
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(t + "." + body));
        byte[] given;
        try
        {
            given = Convert.FromHexString(v1);
        }
        catch (FormatException)
        {
            return 401;
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return 401;
        }

        return _seen.TryAdd(v1, 0) ? 200 : 409; // the same signed delivery twice: a replay
    }

    private IResult Answer(string id, int status, HttpRequest request, string body)
    {
        Keys.GetOrAdd(id, _ => new()).Enqueue(request.Headers["Idempotency-Key"].ToString());
        Answers.GetOrAdd(id, _ => new()).Enqueue(status);
        if (status == 200)
        {
            Deliveries.GetOrAdd(id, _ => new()).Enqueue(new Delivery(request.Headers["Automation-Signature"].ToString(), request.Headers["Idempotency-Key"].ToString(), request.ContentType, body));
        }

        return Results.Json(new { status }, statusCode: status);
    }

    private static async Task<string> ReadAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body, Encoding.UTF8);
        return await reader.ReadToEndAsync();
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>One accepted request.</summary>
    /// <param name="Signature">The <c>Automation-Signature</c> header.</param>
    /// <param name="IdempotencyKey">The <c>Idempotency-Key</c> header.</param>
    /// <param name="ContentType">The content type.</param>
    /// <param name="Body">The exact body.</param>
    public sealed record Delivery(string Signature, string IdempotencyKey, string? ContentType, string Body);
}
