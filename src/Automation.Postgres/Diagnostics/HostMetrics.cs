using System.Diagnostics.Metrics;

namespace Automation.Postgres.Diagnostics;

/// <summary>
/// What the alert rules compare the process's own usage with, on the <c>Automation</c> meter of both hosts (silo and
/// API reference this project): the memory the process may use (the container limit when there is one) and the free
/// and total bytes of the volume it runs from. Exported as <c>automation_process_memory_limit_bytes</c>,
/// <c>automation_disk_free_bytes</c> and <c>automation_disk_size_bytes</c>; CPU time, CPU count and working set come from
/// the runtime's own <c>System.Runtime</c> meter.
/// </summary>
public sealed class HostMetrics : IDisposable
{
    /// <summary>The meter name, the same as the grains' <c>AutomationMetrics.MeterName</c>.</summary>
    public const string MeterName = "Automation";

    private readonly Meter _meter;

    /// <summary>Creates the observable instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public HostMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        // TotalAvailableMemoryBytes honours a cgroup (container) memory limit and falls back to the machine's memory.
        _meter.CreateObservableGauge("automation.process.memory.limit", () => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes, unit: "By",
            description: "Memory this process may use: the container limit when set, else the machine's memory.");
        _meter.CreateObservableGauge("automation.disk.free", () => Drive()?.AvailableFreeSpace ?? 0L, unit: "By",
            description: "Free bytes on the volume the process runs from (available to this user).");
        _meter.CreateObservableGauge("automation.disk.size", () => Drive()?.TotalSize ?? 0L, unit: "By",
            description: "Size in bytes of the volume the process runs from.");
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private static DriveInfo? Drive()
    {
        try
        {
            return new DriveInfo(AppContext.BaseDirectory);
        }
        catch (Exception e) when (e is IOException or ArgumentException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
