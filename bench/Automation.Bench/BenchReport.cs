namespace Automation.Bench;

/// <summary>Everything one run measured, as written by <c>--json</c>.</summary>
internal sealed record BenchReport(
    DateTimeOffset StartedAt,
    string Api,
    string Definition,
    string StepType,
    int Steps,
    int Warmup,
    string Machine,
    string? PostgresVersion,
    IReadOnlyList<PhaseResult> Phases);
