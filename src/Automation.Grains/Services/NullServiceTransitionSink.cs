using Automation.Services;

namespace Automation.Grains.Services;

/// <summary>The default <see cref="IServiceTransitionSink"/>: transitions are recorded in state and PostgreSQL only.</summary>
internal sealed class NullServiceTransitionSink : IServiceTransitionSink
{
    /// <inheritdoc />
    public Task PublishAsync(ServiceTransition transition, CancellationToken cancellationToken = default) => Task.CompletedTask;
}
