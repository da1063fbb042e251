namespace Automation.Bench;

/// <summary>CPU used during a phase: seconds per component and share of the machine's capacity.</summary>
internal sealed record CpuUsage(double Seconds, int Cores, IReadOnlyDictionary<string, double> ComponentSeconds, double MachineBusySeconds)
{
    /// <summary>Busy share of all cores over the phase, 0–1.</summary>
    public double MachineBusyShare => Seconds <= 0 ? 0 : MachineBusySeconds / (Seconds * Cores);

    public static CpuUsage? Between(CpuSnapshot? before, CpuSnapshot? after, double seconds)
    {
        if (before is null || after is null)
        {
            return null;
        }

        var components = after.Components.ToDictionary(
            c => c.Key,
            c => c.Value - before.Components.GetValueOrDefault(c.Key),
            StringComparer.Ordinal);
        var busy = after.MachineBusy - before.MachineBusy;
        components["other"] = Math.Max(0, busy - components.Values.Sum());
        return new CpuUsage(seconds, Environment.ProcessorCount, components, busy);
    }
}
