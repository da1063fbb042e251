using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>Uptime from a service's transitions: the share of time up (Healthy, Degraded, Impacted) out of the time with a known status outside maintenance.</summary>
public static class ServiceUptime
{
    /// <summary>Uptime in percent over [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="transitions">Transitions in any order; the latest one before <paramref name="from"/> gives the status at the start.</param>
    /// <param name="from">Window start.</param>
    /// <param name="to">Window end (now).</param>
    /// <returns>The percentage (0–100), or <see langword="null"/> when no time in the window had a known status.</returns>
    public static double? Percent(IEnumerable<ServiceTransition> transitions, DateTimeOffset from, DateTimeOffset to)
    {
        var ordered = transitions.OrderBy(t => t.At).ToList();
        var status = ServiceStatus.Unknown;
        var at = from;
        double up = 0, counted = 0;
        foreach (var t in ordered)
        {
            if (t.At <= from)
            {
                status = t.To;
                continue;
            }

            if (t.At >= to)
            {
                break;
            }

            Add(status, t.At - at, ref up, ref counted);
            status = t.To;
            at = t.At;
        }

        Add(status, to - at, ref up, ref counted);
        return counted <= 0 ? null : Math.Round(100 * up / counted, 3);
    }

    private static void Add(ServiceStatus status, TimeSpan span, ref double up, ref double counted)
    {
        if (span <= TimeSpan.Zero || status is ServiceStatus.Unknown or ServiceStatus.Maintenance)
        {
            return;
        }

        counted += span.TotalMilliseconds;
        if (HealthStateMachine.IsUp(status))
        {
            up += span.TotalMilliseconds;
        }
    }
}
