using Automation.Engine.Services;
using Automation.Grains.Hosting;
using Automation.Grains.Outbound;
using Automation.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Services.Discovery;

/// <summary>
/// When discovery is enabled, each silo asks the one discovery grain to start once the silo is active (idempotent):
/// whichever silo hosts the grain runs the loop, and its reminder moves it to a live silo after a loss.
/// </summary>
internal sealed partial class KubernetesDiscoveryStarter(
    IGrainFactory grains,
    IOptions<KubernetesDiscoveryOptions> options,
    IOptions<OutboundOptions> outbound,
    ILogger<KubernetesDiscoveryStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private readonly CancellationTokenSource _stopping = new();

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(KubernetesDiscoveryStarter), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    private Task StartAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            if (RefusesProbeTargets(outbound.Value, options.Value.ClusterDomain))
            {
                LogProbesRefused(KubernetesServiceMapper.AllowEntry(options.Value.ClusterDomain));
            }

            _ = EnsureStartedAsync();
        }

        return Task.CompletedTask;
    }

    private Task StopAsync(CancellationToken cancellationToken)
    {
        _stopping.Cancel();
        return Task.CompletedTask;
    }

    private async Task EnsureStartedAsync()
    {
        for (var delay = TimeSpan.FromSeconds(1); !_stopping.IsCancellationRequested; delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, TimeSpan.FromMinutes(1).Ticks)))
        {
            try
            {
                await grains.GetGrain<IKubernetesDiscoveryGrain>(IKubernetesDiscoveryGrain.Key).EnsureStartedAsync();
                return;
            }
            catch (Exception ex)
            {
                LogStartFailed(ex, delay);
            }

            try
            {
                await Task.Delay(delay, _stopping.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Whether the outbound policy would refuse the discovered probes' targets (Service ClusterIPs are private): private
    /// networks are not allowed and no allow entry names the cluster's service domain. A CIDR entry may cover the
    /// cluster's service range, which cannot be known here, so any CIDR entry silences the warning.
    /// </summary>
    internal static bool RefusesProbeTargets(OutboundOptions outbound, string clusterDomain)
    {
        if (outbound.AllowPrivateNetworks)
        {
            return false;
        }

        var probeHost = "probe.default.svc." + clusterDomain.Trim('.').ToLowerInvariant();
        foreach (var text in outbound.Allow)
        {
            if (OutboundAllowEntry.TryParse(text, out var entry) && (entry.Network is not null || entry.MatchesHost(probeHost)))
            {
                return false;
            }
        }

        return true;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes discovery is on but the outbound policy refuses private addresses, so probes of discovered Services (ClusterIPs) will fail: add the allow entry {Entry} (Automation:Outbound:Allow) or a CIDR entry for the cluster's service range")]
    private partial void LogProbesRefused(string entry);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes discovery: starting the discovery grain failed; retrying in {Delay}")]
    private partial void LogStartFailed(Exception exception, TimeSpan delay);
}
