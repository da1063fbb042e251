using Automation.Alerts;
using Automation.Services;

namespace Automation.Grains.Tests.Alerts;

/// <summary>
/// The silo's transition sink in the alert tests: forwards like the real one, except that transitions of services
/// named <c>lost-*</c> are dropped, as a grain crash between recording and publishing would (the reconcile must make up for it).
/// </summary>
/// <param name="grains">The grain factory.</param>
internal sealed class LosingTransitionSink(IGrainFactory grains) : IServiceTransitionSink
{
    /// <summary>The prefix of services whose transitions are lost.</summary>
    public const string LostPrefix = "lost-";

    /// <inheritdoc />
    public Task PublishAsync(ServiceTransition transition, CancellationToken cancellationToken = default) =>
        transition.Service.StartsWith(LostPrefix, StringComparison.Ordinal)
            ? Task.CompletedTask
            : grains.GetGrain<IAlertManagerGrain>(IAlertManagerGrain.Key).OnServiceTransitionAsync(transition);
}
