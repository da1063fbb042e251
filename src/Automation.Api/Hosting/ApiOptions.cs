namespace Automation.Api.Hosting;

/// <summary>HTTP API limits. Bound from the configuration section <c>Automation:Api</c>.</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Api";

    /// <summary>Largest accepted request body in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>Longest <c>?wait=</c> a client may ask for on <c>GET /workflows/{id}</c>. Default 5 minutes.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// How long the API waits for the answer to one grain call before giving up on it and retrying (the Orleans client's
    /// <c>ClientMessagingOptions.ResponseTimeout</c>, 30 s by Orleans' default). It bounds a call whose answer was lost
    /// with a silo that is not one of the API's gateways; a call through a gateway whose connection closes is given up
    /// at once (<see cref="GatewayConnectionMonitor"/>). Long-polls wait in slices of half this. Default 10 s.
    /// </summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long this API process reuses a dashboard section that does not depend on the caller (workflow figures per
    /// window, service and alert counts, agent queues): every open console tab polls every 30 s. Zero reads every time.
    /// Default 10 s.
    /// </summary>
    public TimeSpan DashboardCacheDuration { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The folder holding the built web console (index.html and assets/), served at <c>/</c>. Default: <c>console</c>
    /// beside the API's assembly, where the build copies <c>src/Automation.Console/dist</c>.
    /// </summary>
    public string? ConsoleDirectory { get; set; }

    /// <summary>
    /// A management port for <c>/metrics</c>: when set, the Prometheus endpoint answers only requests made to this port
    /// (and is a 404 on every other), so an Ingress or load balancer that forwards the web port never exposes it. The
    /// API must also listen on it (<c>ASPNETCORE_URLS=http://+:5000;http://+:9090</c>, as k8s/ sets). Default: none,
    /// <c>/metrics</c> on every port the API listens on.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>
    /// How long one <c>GET /api/v1/events</c> stream lasts at most (and never past the caller's token expiry); the
    /// client then reconnects (<c>retry:</c>), which also spreads streams over API processes. Default 30 minutes.
    /// </summary>
    public TimeSpan EventStreamMaxDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>The longest wait of one long-poll grain call: half of <see cref="ResponseTimeout"/>, so its answer has time to come back.</summary>
    public TimeSpan WaitSlice => ResponseTimeout / 2;
}
