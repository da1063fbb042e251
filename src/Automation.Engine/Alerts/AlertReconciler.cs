namespace Automation.Engine.Alerts;

/// <summary>
/// The reconcile diff: compares the services' current statuses with the services that have an unresolved alert, and
/// answers what is missing (a transition lost in a crash, a one-way message dropped during membership churn).
/// </summary>
public static class AlertReconciler
{
    /// <summary>Computes the actions.</summary>
    /// <param name="services">Every registered service with its statuses.</param>
    /// <param name="unresolved">The services that have an unresolved alert.</param>
    /// <returns>The actions other than <see cref="ServiceAlertAction.None"/>, by service name (ordinal order).</returns>
    public static IReadOnlyList<(string Service, ServiceAlertAction Action)> Diff(IReadOnlyList<ServiceAlertState> services, IReadOnlySet<string> unresolved)
    {
        var actions = new List<(string, ServiceAlertAction)>();
        var registered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var service in services)
        {
            registered.Add(service.Name);
            var action = ServiceAlertDecision.Decide(service.Status, service.ProbeStatus, unresolved.Contains(service.Name), service.ClosedByUser);
            if (action != ServiceAlertAction.None)
            {
                actions.Add((service.Name, action));
            }
        }

        // A deleted service cannot recover: its alert is closed.
        actions.AddRange(unresolved.Where(s => !registered.Contains(s)).Select(s => (s, ServiceAlertAction.Resolve)));
        return [.. actions.OrderBy(a => a.Item1, StringComparer.Ordinal)];
    }
}
