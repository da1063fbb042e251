using Automation.Alerts;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Alerts;

/// <summary>
/// Activates the alert manager once the silo is active, so its reconcile reminder exists from the first start even
/// before any transition (reminders survive restarts after that). Runs in the background; a failure is logged and
/// the next silo start, transition or API call activates it.
/// </summary>
/// <param name="grains">The grain factory.</param>
/// <param name="services">Where the alert store is looked up (without one, alerts are off).</param>
/// <param name="logger">The logger.</param>
internal sealed partial class AlertManagerStarter(IGrainFactory grains, IServiceProvider services, ILogger<AlertManagerStarter> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(AlertManagerStarter), ServiceLifecycleStage.Active, cancellationToken =>
        {
            if (services.GetService<IAlertStore>() is not null)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await grains.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key).GetRoutesAsync().ConfigureAwait(false);
                    }
                    catch (Exception ex)
                    {
                        LogStartFailed(ex);
                    }
                });
            }

            return Task.CompletedTask;
        });

    [LoggerMessage(Level = LogLevel.Warning, Message = "Activating the alert manager at start-up failed; a transition or an API call will")]
    private partial void LogStartFailed(Exception exception);
}
