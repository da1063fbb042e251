using Automation.Alerts;
using Automation.Engine.Alerts;
using Automation.Services;

namespace Automation.Grains.Alerts;

/// <summary>Service alerts: the transition rule and the reconcile.</summary>
internal sealed partial class AlertManagerGrain
{
    /// <summary>What a suppressed alert records as its reason.</summary>
    private const string MaintenanceSuppression = "maintenance";

    private async Task ApplyServiceAsync(
        string service, ServiceStatus status, ServiceStatus probeStatus, string reason, ProbeResult? probe, int? failures, DateTimeOffset at)
    {
        var key = AlertRaise.AlertKey(AlertSourceKinds.Service, service, ServiceAlertDecision.UnhealthyRule);
        _unresolved.TryGetValue(key, out var open);
        var closed = state.State.Closed.TryGetValue(key, out var spell) && spell == at;
        switch (ServiceAlertDecision.Decide(status, probeStatus, open is not null, closed))
        {
            case ServiceAlertAction.Raise:
                await RaiseCoreAsync(ServiceAlerts.Unhealthy(service, reason, probe, failures, at, options.Value.DashboardBaseUrl));
                break;
            case ServiceAlertAction.Resolve:
                await ResolveCoreAsync(open!.Id, Alert.Auto, $"Service {service} is {status}: {reason}");
                break;
            case ServiceAlertAction.Suppress:
                await SuppressAsync(key, service, reason, probe, failures, at);
                break;
        }

        var changed = status != ServiceStatus.Maintenance && state.State.Suppressed.Remove(key);
        // Out of Unhealthy (a restart's Unknown is not out), the hand-closed spell is over: the next one raises again.
        changed |= status is not (ServiceStatus.Unhealthy or ServiceStatus.Unknown) && state.State.Closed.Remove(key);
        if (changed)
        {
            await state.WriteStateAsync();
        }
    }

    /// <summary>
    /// Someone resolved a service's alert: when the service is still Unhealthy, its current spell is closed, so neither
    /// the reconcile nor a repeated transition raises it again; a new transition into Unhealthy opens a new incident.
    /// </summary>
    private async Task CloseSpellAsync(Alert resolved)
    {
        var snapshot = await GrainFactory.GetGrain<IServiceGrain>(resolved.SourceName).GetAsync();
        if (snapshot is { Status: ServiceStatus.Unhealthy, StatusSince: { } since })
        {
            state.State.Closed[resolved.Key] = since;
            await state.WriteStateAsync();
        }
    }

    /// <summary>Records, once per maintenance window, that a failing service's alert was not raised.</summary>
    private async Task SuppressAsync(string key, string service, string reason, ProbeResult? probe, int? failures, DateTimeOffset at)
    {
        if (state.State.Suppressed.Contains(key))
        {
            return;
        }

        var now = time.GetUtcNow();
        var raise = ServiceAlerts.Unhealthy(service, reason, probe, failures, at, options.Value.DashboardBaseUrl);
        var alert = new Alert(Guid.NewGuid().ToString("N"), raise.SourceKind, raise.SourceName, raise.Rule, raise.Severity, AlertStatus.Resolved,
            raise.Title + " (suppressed: maintenance)", raise.Description, now)
        {
            Metrics = raise.Metrics,
            RecommendedAction = raise.RecommendedAction,
            DashboardLink = raise.DashboardLink,
            SuppressedBy = MaintenanceSuppression,
            ResolvedBy = Alert.Auto,
            ResolvedAt = now,
            ResolveComment = "Not raised: the service is in a maintenance window.",
        };
        await Store.OpenAsync(alert);
        state.State.Suppressed.Add(key);
        await state.WriteStateAsync();
        LogSuppressed(service);
    }

    private async Task ReconcileCoreAsync()
    {
        await RefreshAsync();
        var names = await GrainFactory.GetGrain<IServiceRegistryGrain>(IServiceRegistryGrain.Key).ListAsync();
        var snapshots = (await Task.WhenAll(names.Select(n => GrainFactory.GetGrain<IServiceGrain>(n).GetAsync())))
            .OfType<ServiceSnapshot>()
            .ToDictionary(s => s.Name, StringComparer.Ordinal);
        var withAlert = _unresolved.Values
            .Where(a => a.SourceKind == AlertSourceKinds.Service && a.Rule == ServiceAlertDecision.UnhealthyRule)
            .Select(a => a.SourceName)
            .ToHashSet(StringComparer.Ordinal);
        var actions = AlertReconciler.Diff([.. snapshots.Values.Select(s => new ServiceAlertState(s.Name, s.Status, s.ProbeStatus)
        {
            ClosedByUser = state.State.Closed.TryGetValue(AlertRaise.AlertKey(AlertSourceKinds.Service, s.Name, ServiceAlertDecision.UnhealthyRule), out var spell)
                && spell == s.StatusSince,
        })], withAlert);
        foreach (var (service, action) in actions)
        {
            LogReconciled(service, action);
            if (snapshots.TryGetValue(service, out var s))
            {
                var reason = s.Transitions.FirstOrDefault()?.Reason ?? $"The service is {s.Status}.";
                await ApplyServiceAsync(service, s.Status, s.ProbeStatus, $"{reason} (found by the reconcile)", s.LastProbe, s.ConsecutiveFailures, s.StatusSince ?? time.GetUtcNow());
            }
            else
            {
                var key = AlertRaise.AlertKey(AlertSourceKinds.Service, service, ServiceAlertDecision.UnhealthyRule);
                await ResolveCoreAsync(_unresolved[key].Id, Alert.Auto, $"Service {service} is no longer registered.");
            }
        }

        // Forget hand-closed spells of services that are gone or out of that spell (a lost recovery transition).
        var over = state.State.Closed.Where(c => !snapshots.Values.Any(s => s.Status is ServiceStatus.Unhealthy or ServiceStatus.Unknown
            && c.Key == AlertRaise.AlertKey(AlertSourceKinds.Service, s.Name, ServiceAlertDecision.UnhealthyRule)
            && (s.Status == ServiceStatus.Unknown || s.StatusSince == c.Value))).Select(c => c.Key).ToList();
        if (over.Count > 0)
        {
            over.ForEach(k => state.State.Closed.Remove(k));
            await state.WriteStateAsync();
        }

        // Leave no suppression marker behind for services that are out of maintenance (or gone).
        var stale = state.State.Suppressed.Where(k => !snapshots.Values.Any(s => s.Status == ServiceStatus.Maintenance
            && k == AlertRaise.AlertKey(AlertSourceKinds.Service, s.Name, ServiceAlertDecision.UnhealthyRule))).ToList();
        if (stale.Count > 0)
        {
            state.State.Suppressed.ExceptWith(stale);
            await state.WriteStateAsync();
        }

        await EscalateDueAsync(CancellationToken.None);
    }
}
