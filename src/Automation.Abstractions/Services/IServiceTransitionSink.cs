namespace Automation.Services;

/// <summary>
/// Receives every status transition of every monitored service, after it is recorded in the service's state. The silo
/// resolves one from its services (a no-op by default); alerts plug in here by registering their own implementation,
/// without changes to the service grain. Called from the service grain's turn: implementations must be quick and
/// should hand slow work (delivery) to a grain or a background queue. A failure is logged and does not undo the transition.
/// </summary>
public interface IServiceTransitionSink
{
    /// <summary>Publishes one transition. Transitions of one service arrive in order; a grain crash between recording and publishing can lose the latest one.</summary>
    /// <param name="transition">The transition.</param>
    /// <param name="cancellationToken">Cancels the publish.</param>
    /// <returns>A task that completes when the transition is accepted.</returns>
    Task PublishAsync(ServiceTransition transition, CancellationToken cancellationToken = default);
}
