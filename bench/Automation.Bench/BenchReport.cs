namespace Automation.Bench;

/// <summary>Everything one run measured, as written by <c>--json</c>.</summary>
internal sealed record BenchReport(
    string Scenario,
    DateTimeOffset StartedAt,
    string Api,
    string Definition,
    string StepType,
    int Steps,
    int Warmup,
    string Machine,
    string? PostgresVersion,
    IReadOnlyList<PhaseResult> Phases,
    FloorResult? Floor,
    string? HttpUrl,
    long? NoopRequests,
    string StartVia = "api");
