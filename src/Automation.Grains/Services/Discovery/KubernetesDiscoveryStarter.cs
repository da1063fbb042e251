using Automation.Grains.Hosting;
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes discovery: starting the discovery grain failed; retrying in {Delay}")]
    private partial void LogStartFailed(Exception exception, TimeSpan delay);
}
