using Automation.Services;
using Orleans.Concurrency;

namespace Automation.Alerts;

/// <summary>
/// The alert manager (one grain, key <see cref="Key"/>): raises, de-duplicates, resolves, escalates and reconciles
/// alerts, and keeps the routes. Alerts themselves are rows in <see cref="IAlertStore"/>; delivery runs off the
/// grain's turn, so a slow or failing channel never holds up another alert.
/// </summary>
[Alias("automation.IAlertManagerGrain")]
public interface IAlertManagerGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Key = "all";

    /// <summary>Takes a service transition (one-way: the service grain's turn does not wait; a lost one is caught by the reconcile).</summary>
    /// <param name="transition">The transition.</param>
    /// <returns>A task that completes when the message is sent.</returns>
    [Alias("OnServiceTransition"), OneWay]
    Task OnServiceTransitionAsync(ServiceTransition transition);

    /// <summary>Raises an alert from any source, unless one with the same key is unresolved.</summary>
    /// <param name="raise">What to raise.</param>
    /// <returns>The new alert (changed) or the unresolved one with the same key (not changed).</returns>
    [Alias("Raise")]
    Task<AlertChange> RaiseAsync(AlertRaise raise);

    /// <summary>Acknowledges an alert (no escalation after it); idempotent.</summary>
    /// <param name="id">The alert id.</param>
    /// <param name="actor">Who.</param>
    /// <param name="comment">Why, if given.</param>
    /// <returns>The alert after the call (<see cref="AlertChange.Alert"/> is <see langword="null"/> when there is none).</returns>
    [Alias("Acknowledge")]
    Task<AlertChange> AcknowledgeAsync(string id, string actor, string? comment);

    /// <summary>Resolves an alert and sends the resolved message once; idempotent.</summary>
    /// <param name="id">The alert id.</param>
    /// <param name="actor">Who.</param>
    /// <param name="comment">Why, if given.</param>
    /// <returns>The alert after the call.</returns>
    [Alias("Resolve")]
    Task<AlertChange> ResolveAsync(string id, string actor, string? comment);

    /// <summary>Reads the routes.</summary>
    /// <returns>The routes (<see cref="AlertRoutes.None"/> until set).</returns>
    [Alias("GetRoutes")]
    Task<AlertRoutes> GetRoutesAsync();

    /// <summary>Replaces the routes.</summary>
    /// <param name="routes">The routes (channels already checked to exist).</param>
    /// <param name="actor">Who.</param>
    /// <returns>The stored routes.</returns>
    [Alias("PutRoutes")]
    Task<AlertRoutes> PutRoutesAsync(AlertRoutes routes, string actor);

    /// <summary>Compares unresolved service alerts with the services' current statuses and raises or resolves what is missing; also escalates what is due.</summary>
    /// <returns>A task that completes when done.</returns>
    [Alias("Reconcile")]
    Task ReconcileAsync();
}
