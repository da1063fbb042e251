using Automation.Alerts;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Alerts;

/// <summary>
/// Hands every service transition to the alert manager with a one-way call, so the service grain's turn never waits
/// on alerting. A message lost on the way (a crash, membership churn) is made up by the manager's reconcile. A silo
/// without an alert store (in-memory test clusters) publishes nothing.
/// </summary>
/// <param name="grains">The grain factory.</param>
/// <param name="services">Where the alert store is looked up.</param>
internal sealed class AlertTransitionSink(IGrainFactory grains, IServiceProvider services) : IServiceTransitionSink
{
    private readonly bool _enabled = services.GetService<IAlertStore>() is not null;

    /// <inheritdoc />
    public Task PublishAsync(ServiceTransition transition, CancellationToken cancellationToken = default) =>
        _enabled ? grains.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key).OnServiceTransitionAsync(transition) : Task.CompletedTask;
}
