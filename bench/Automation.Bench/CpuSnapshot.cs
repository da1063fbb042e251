namespace Automation.Bench;

/// <summary>Cumulative CPU seconds per component and for the whole machine at one moment (Linux <c>/proc</c>).</summary>
internal sealed record CpuSnapshot(IReadOnlyDictionary<string, double> Components, double MachineBusy, double MachineTotal);
