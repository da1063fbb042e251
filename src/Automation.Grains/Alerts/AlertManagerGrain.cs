using Automation.Alerts;
using Automation.Engine.Alerts;
using Automation.Grains.Diagnostics;
using Automation.Grains.Hosting;
using Automation.Grains.Live;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Alerts;

/// <summary>
/// The alert manager. Alerts are rows (<see cref="IAlertStore"/>); the grain keeps the routes and a copy of the
/// unresolved alerts, which only it changes. Service transitions arrive one-way; a reminder reconciles every
/// <see cref="AlertOptions.ReconcileInterval"/> and a timer escalates what is due. Messages are queued in the durable
/// delivery outbox and sent by <see cref="AlertDispatcher"/>'s pump, off the grain's turn, which the timer and the
/// reminder restart (so messages a lost silo left pending go out after the manager re-activates).
/// </summary>
internal sealed partial class AlertManagerGrain(
    [PersistentState("alerts", StorageNames.Workflows)] IPersistentState<AlertManagerState> state,
    IServiceProvider services,
    AlertDispatcher dispatcher,
    LiveFeed live,
    AlertMetrics metrics,
    IOptions<AlertOptions> options,
    TimeProvider time,
    ILogger<AlertManagerGrain> logger) : Grain, IAlertManagerGrain, IRemindable
{
    private const string ReminderName = "reconcile";

    private readonly Dictionary<string, Alert> _unresolved = new(StringComparer.Ordinal);

    private AlertRoutes Routes => state.State.Routes;

    private IAlertStore Store => services.GetRequiredService<IAlertStore>();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        await RefreshAsync();
        var period = options.Value.ReconcileInterval;
        await this.RegisterOrUpdateReminder(ReminderName, period, period); // also applies a changed ReconcileInterval

        this.RegisterGrainTimer(EscalateDueAsync, new GrainTimerCreationOptions
        {
            DueTime = options.Value.EscalationCheckInterval,
            Period = options.Value.EscalationCheckInterval,
            KeepAlive = true, // one grain: staying active keeps escalations on time
        });
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        metrics.StopReporting();
        return Task.CompletedTask;
    }

    async Task IAlertManagerGrain.OnServiceTransitionAsync(ServiceTransition transition)
    {
        var (status, probe) = (transition.To, transition.ProbeStatus);
        await ApplyServiceAsync(transition.Service, status, probe, transition.Reason, transition.Probe, null, transition.At);
    }

    Task<AlertChange> IAlertManagerGrain.RaiseAsync(AlertRaise raise) => RaiseCoreAsync(raise);

    async Task<AlertChange> IAlertManagerGrain.AcknowledgeAsync(string id, string actor, string? comment)
    {
        var change = await Store.AcknowledgeAsync(id, actor, time.GetUtcNow(), comment);
        if (change is { Changed: true, Alert: { } alert })
        {
            _unresolved[alert.Key] = alert;
            LogAcknowledged(alert.Id, actor);
            PublishLive(alert, "acknowledged");
        }

        return change;
    }

    async Task<AlertChange> IAlertManagerGrain.ResolveAsync(string id, string actor, string? comment)
    {
        var change = await ResolveCoreAsync(id, actor, comment);
        if (change is { Changed: true, Alert: { SourceKind: AlertSourceKinds.Service, Rule: ServiceAlertDecision.UnhealthyRule } resolved })
        {
            await CloseSpellAsync(resolved);
        }

        return change;
    }

    Task<AlertRoutes> IAlertManagerGrain.GetRoutesAsync() => Task.FromResult(Routes);

    async Task<AlertRoutes> IAlertManagerGrain.PutRoutesAsync(AlertRoutes routes, string actor)
    {
        state.State.Routes = routes with { UpdatedBy = actor, UpdatedAt = time.GetUtcNow() };
        await state.WriteStateAsync();
        return Routes;
    }

    Task IAlertManagerGrain.ReconcileAsync() => ReconcileCoreAsync();

    async Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        try
        {
            await ReconcileCoreAsync();
        }
        catch (Exception ex)
        {
            LogReconcileFailed(ex);
        }
    }

    private async Task RefreshAsync()
    {
        var unresolved = await Store.ListUnresolvedAsync();
        _unresolved.Clear();
        foreach (var alert in unresolved)
        {
            _unresolved[alert.Key] = alert;
        }

        metrics.SetOpen(_unresolved.Values);
    }

    private async Task<AlertChange> RaiseCoreAsync(AlertRaise raise)
    {
        var now = time.GetUtcNow();
        var alert = new Alert(Guid.NewGuid().ToString("N"), raise.SourceKind, raise.SourceName, raise.Rule, raise.Severity, AlertStatus.Open,
            raise.Title, raise.Description, now)
        {
            Metrics = raise.Metrics,
            RecommendedAction = raise.RecommendedAction,
            DashboardLink = raise.DashboardLink,
        };
        var change = await Store.OpenAsync(alert, Messages(AlertDeliveryKinds.Raised, Routes.Channels, now));
        if (change.Alert is { } stored)
        {
            _unresolved[stored.Key] = stored;
        }

        if (change is { Changed: true, Alert: { } raised })
        {
            metrics.Raised(raised.Severity, raised.SourceKind);
            LogRaised(raised.Id, raised.Key, raised.Severity);
            PublishLive(raised, "raised");
            dispatcher.Pump();
        }

        metrics.SetOpen(_unresolved.Values);
        return change;
    }

    private async Task<AlertChange> ResolveCoreAsync(string id, string actor, string? comment)
    {
        var now = time.GetUtcNow();
        var change = await Store.ResolveAsync(id, actor, now, comment, Messages(AlertDeliveryKinds.Resolved, Routes.Channels, now));
        if (change is { Changed: true, Alert: { } resolved })
        {
            _unresolved.Remove(resolved.Key);
            LogResolved(resolved.Id, actor);
            PublishLive(resolved, "resolved");
            dispatcher.Pump();
            metrics.SetOpen(_unresolved.Values);
        }

        return change;
    }

    /// <summary>
    /// The messages an alert change queues in the durable outbox, in the change's own transaction (so a stored change
    /// never lacks its messages); the dispatcher's pump sends them.
    /// </summary>
    private AlertMessages Messages(string kind, IReadOnlyList<string> channels, DateTimeOffset now) =>
        new(kind, channels, Routes.Template, Routes.MinSeverity, now);

    private async Task EscalateDueAsync(CancellationToken cancellationToken)
    {
        // The same tick retries due deliveries (and resumes those a lost silo left pending).
        dispatcher.Pump();
        var now = time.GetUtcNow();
        foreach (var alert in _unresolved.Values.Where(a => AlertEscalation.IsDue(a, Routes, now)).ToList())
        {
            if (await Store.MarkEscalatedAsync(alert.Id, now, Messages(AlertDeliveryKinds.Escalated, Routes.EscalationChannels, now), cancellationToken))
            {
                _unresolved[alert.Key] = alert with { EscalatedAt = now };
                LogEscalated(alert.Id, Routes.EscalationAfter!.Value);
                dispatcher.Pump();
            }
            else
            {
                // Acknowledged or resolved behind this copy's back (should not happen: every change goes through here).
                await RefreshAsync();
            }
        }
    }
}
