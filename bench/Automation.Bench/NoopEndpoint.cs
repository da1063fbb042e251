using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Automation.Bench;

/// <summary>
/// The target of the <c>http</c> scenario: a Kestrel endpoint on 127.0.0.1 (a free port) that answers every request
/// to <c>/noop</c> with <c>{}</c> at once, so the scenario measures the engine's task path, not a remote service. It
/// runs in the bench process: its CPU counts as "bench".
/// </summary>
internal sealed class NoopEndpoint : IAsyncDisposable
{
    private static readonly byte[] Body = "{}"u8.ToArray();
    private readonly WebApplication _app;
    private long _requests;

    private NoopEndpoint(WebApplication app) => _app = app;

    /// <summary>The URL the http steps call.</summary>
    public Uri Url { get; private set; } = null!;

    /// <summary>Requests answered so far.</summary>
    public long Requests => Interlocked.Read(ref _requests);

    public static async Task<NoopEndpoint> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var endpoint = new NoopEndpoint(app);
        app.Map("/noop", async context =>
        {
            Interlocked.Increment(ref endpoint._requests);
            context.Response.ContentType = "application/json";
            context.Response.ContentLength = Body.Length;
            await context.Response.Body.WriteAsync(Body, context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        endpoint.Url = new Uri(new Uri(address), "/noop");
        return endpoint;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
