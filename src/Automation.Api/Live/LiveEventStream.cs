using System.Globalization;
using System.Reflection;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;

namespace Automation.Api.Live;

/// <summary>
/// The <c>text/event-stream</c> answer of <c>GET /api/v1/events</c>: <c>retry:</c>, a <c>ready</c> event (once the process's
/// observer is subscribed to the hub), then the
/// connection's events as they come, a heartbeat comment every <see cref="HeartbeatEvery"/> of silence, until the
/// client leaves, the connection is dropped as too slow, the stream's maximum duration or the token's expiry.
/// </summary>
/// <param name="broadcaster">The fan-out.</param>
/// <param name="filter">What the connection is sent.</param>
/// <param name="until">When the stream ends at the latest.</param>
/// <param name="time">The clock.</param>
/// <param name="stopping">Signalled when the API process stops: streams end at once instead of holding the shutdown.</param>
internal sealed class LiveEventStream(LiveBroadcaster broadcaster, LiveEventFilter filter, DateTimeOffset until, TimeProvider time, CancellationToken stopping)
    : IResult, IEndpointMetadataProvider
{
    /// <summary>The silence after which a heartbeat comment is sent.</summary>
    public static readonly TimeSpan HeartbeatEvery = TimeSpan.FromSeconds(15);

    /// <summary>The reconnection delay the client is told.</summary>
    public static readonly TimeSpan ReconnectAfter = TimeSpan.FromSeconds(3);

    /// <inheritdoc />
    public static void PopulateMetadata(MethodInfo method, EndpointBuilder builder) =>
        builder.Metadata.Add(new ProducesResponseTypeMetadata(StatusCodes.Status200OK, typeof(string), ["text/event-stream"]));

    /// <inheritdoc />
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "text/event-stream; charset=utf-8";
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers["X-Accel-Buffering"] = "no"; // nginx-style proxies: do not buffer the stream
        httpContext.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var connection = broadcaster.Open(filter);
        var left = until - time.GetUtcNow();
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(httpContext.RequestAborted, stopping);
        ended.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        try
        {
            await response.Body.WriteAsync(SseFrames.Retry(ReconnectAfter), ended.Token);
            await response.Body.FlushAsync(ended.Token);
            // "ready" means changes flow from now on: a stream opened while the process is not yet subscribed waits.
            await broadcaster.Subscribed.WaitAsync(ended.Token);
            var ready = broadcaster.Control("ready", new
            {
                connection = connection.Id.ToString(CultureInfo.InvariantCulture),
                topics = filter.Topics.ToString().ToLowerInvariant(),
                until,
            });
            await response.Body.WriteAsync(ready.Frame, ended.Token);
            await response.Body.FlushAsync(ended.Token);
            var reader = connection.Reader;
            while (true)
            {
                bool more;
                using (var beat = CancellationTokenSource.CreateLinkedTokenSource(ended.Token))
                {
                    beat.CancelAfter(HeartbeatEvery);
                    try
                    {
                        more = await reader.WaitToReadAsync(beat.Token);
                    }
                    catch (OperationCanceledException) when (!ended.IsCancellationRequested)
                    {
                        await response.Body.WriteAsync(SseFrames.Heartbeat, ended.Token);
                        await response.Body.FlushAsync(ended.Token);
                        continue;
                    }
                }

                while (reader.TryRead(out var e))
                {
                    await response.Body.WriteAsync(e.Frame, ended.Token);
                }

                await response.Body.FlushAsync(ended.Token);
                if (!more)
                {
                    break; // dropped as too slow: the client reconnects and refetches
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The client left, or the stream reached its end: the client reconnects after `retry:`.
        }
        catch (IOException)
        {
            // The connection broke while writing.
        }
        finally
        {
            broadcaster.Close(connection);
        }
    }
}
