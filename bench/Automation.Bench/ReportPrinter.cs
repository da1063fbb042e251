using System.Globalization;
using System.Text;

namespace Automation.Bench;

/// <summary>Prints a <see cref="BenchReport"/> as plain-text tables.</summary>
internal static class ReportPrinter
{
    public static string Format(BenchReport report)
    {
        var s = new StringBuilder();
        s.AppendLine(CultureInfo.InvariantCulture, $"Automation bench  {report.StartedAt:u}");
        if (report.Phases.Count > 0)
        {
            s.AppendLine(CultureInfo.InvariantCulture, $"  definition {report.Definition}: chain of {report.Steps} {report.StepType} steps; warm-up {report.Warmup} workflows");
        }
        else
        {
            s.AppendLine("  floor only: no API calls");
        }

        s.AppendLine(CultureInfo.InvariantCulture, $"  machine    {report.Machine}; PostgreSQL {report.PostgresVersion ?? "(not read: no --pg)"}");
        if (report.HttpUrl is not null)
        {
            var served = report.NoopRequests is { } n ? $" (the bench's no-op endpoint; it answered {n} requests)" : string.Empty;
            s.AppendLine(CultureInfo.InvariantCulture, $"  http steps call {report.HttpUrl}{served}");
        }

        if (report.Floor is { } floor)
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"== floor: raw PostgreSQL, same server and database, table {floor.Table}: workflows of {floor.WritesPerWorkflow} single-row autocommitted writes (INSERT, then UPDATEs of that row)");
            s.AppendLine(CultureInfo.InvariantCulture, $"  {"phase",-30}{"workflows",10}{"conns",7}{"wall s",9}{"wf/s",10}{"writes/s",10}{"p50 ms",9}{"p95 ms",9}{"p99 ms",9}");
            foreach (var f in new[] { floor.Burst, floor.Sequential })
            {
                if (f is not null)
                {
                    var l = f.Latency;
                    s.AppendLine(CultureInfo.InvariantCulture, $"  {"  " + f.Mode + (f.Failed > 0 ? $" ({f.Failed} failed)" : string.Empty),-30}{f.Workflows,10}{f.Concurrency,7}{f.WallSeconds,9:F2}{f.WorkflowsPerSecond,10:F1}{f.WritesPerSecond,10:F0}{l.P50,9:F2}{l.P95,9:F2}{l.P99,9:F2}");
                }
            }

            if (new[] { floor.Burst, floor.Sequential }.FirstOrDefault(f => f?.FirstError is not null) is { } failedPhase)
            {
                s.AppendLine(CultureInfo.InvariantCulture, $"  first floor error: {failedPhase.FirstError}");
            }
        }

        foreach (var p in report.Phases)
        {
            var vs = p.VsFloor;
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"== {p.Mode}: {p.Workflows} workflows, concurrency {p.Concurrency}: {p.Completed} completed ({p.CompletedInStartAnswer} already completed in the start answer), wall {p.WallSeconds:F2} s");
            Row(s, "throughput", "workflows/s", vs is null ? null : "x floor");
            if (p.Mode == "burst")
            {
                Row(s, "  starts (client: first POST to last start answer)", F(p.StartsPerSecond), X(vs?.StartsPerSecond));
            }

            Row(s, "  completions (client: first POST to last completion seen)", F(p.CompletionsPerSecondClient), X(vs?.CompletionsPerSecondClient));
            Row(s, "  completions (server: min createdAt to max completedAt)", F(p.CompletionsPerSecondServer), X(vs?.CompletionsPerSecondServer));
            if (vs is not null)
            {
                Row(s, $"  floor ({p.Mode}, {report.Floor!.WritesPerWorkflow} writes per workflow, same run)", F(vs.FloorWorkflowsPerSecond), "1.00");
            }

            if (p.Paired is { Rounds.Count: > 0 } paired)
            {
                foreach (var (round, i) in paired.Rounds.Select((r, i) => (r, i + 1)))
                {
                    Row(s, $"  paired round {i} ({(round.FloorFirst ? "floor, then system" : "system, then floor")}: floor {F(round.FloorWorkflowsPerSecond)} wf/s)", F(round.WorkflowsPerSecond), X(round.Ratio));
                }

                Row(s, $"  paired: median of the {paired.Rounds.Count} rounds' ratios", "", X(paired.Median));
            }

            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"  {"latency (ms)",-56}{"n",7}{"mean",9}{"p50",9}{"p95",9}{"p99",9}{"max",9}");
            Latency(s, "  start call (client: POST duration)", p.StartCall);
            Latency(s, "  start->complete (client: POST to final status seen)", p.ClientLatency);
            Latency(s, "  start->complete (server: completedAt - createdAt)", p.ServerLatency);
            if (p.HandOff is { } handOff)
            {
                Latency(s, "  agent hand-off (task enqueuedAt to agent received)", handOff);
            }

            if (report.Floor?.For(p.Mode) is { } floorPhase)
            {
                Latency(s, $"  floor workflow ({floorPhase.Concurrency} conn, {report.Floor.WritesPerWorkflow} writes)", floorPhase.Latency);
            }
            if (p.Writes is { } w)
            {
                s.AppendLine();
                s.AppendLine(CultureInfo.InvariantCulture, $"  {"durable writes (pg_stat, per completed workflow)",-56}{"ins",9}{"upd",9}{"del",9}{"total",9}");
                foreach (var (table, c) in w.Tables.OrderBy(t => Array.IndexOf(PgStats.Tables, t.Key)))
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"  {"  " + table,-56}{w.PerWorkflow(c.Inserts),9:F2}{w.PerWorkflow(c.Updates),9:F2}{w.PerWorkflow(c.Deletes),9:F2}{w.PerWorkflow(c.Total),9:F2}");
                }

                foreach (var (grainType, g) in w.GrainWrites.OrderBy(g => g.Key, StringComparer.Ordinal))
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"  {"    state writes of " + grainType,-56}{"",27}{w.PerWorkflow(g.Writes),9:F2}   ({g.Rows} new rows)");
                }

                s.AppendLine(CultureInfo.InvariantCulture, $"  {"  all three tables",-56}{"",27}{w.WritesPerWorkflow,9:F2}   ({w.Writes} rows)");
                s.AppendLine(CultureInfo.InvariantCulture, $"  {"  commits (pg_stat_database.xact_commit, whole DB)",-56}{"",27}{w.CommitsPerWorkflow,9:F2}   ({w.Commits} commits, {w.Rollbacks} rollbacks)");
                s.AppendLine(CultureInfo.InvariantCulture, $"  {$"  per step ({w.StepsPerWorkflow} steps): rows, commits",-56}{"",27}{w.WritesPerStep,9:F2}{w.CommitsPerStep,9:F2}");
                if (p.WallSeconds > 0)
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"  {"  row writes/s, commits/s over the wall time",-56}{"",27}{w.Writes / p.WallSeconds,9:F0}{w.Commits / p.WallSeconds,9:F0}");
                    if (vs is { RowWritesPerSecond: { } rows, CommitsPerSecond: { } commits })
                    {
                        s.AppendLine(CultureInfo.InvariantCulture, $"  {$"    x floor writes/s ({vs.FloorWritesPerSecond:F0}, 1 commit each)",-56}{"",27}{rows,9:F2}{commits,9:F2}");
                    }
                }
            }

            if (p.Cpu is { } cpu)
            {
                s.AppendLine();
                s.AppendLine(CultureInfo.InvariantCulture, $"  CPU over {cpu.Seconds:F2} s on {cpu.Cores} cores: machine {cpu.MachineBusyShare:P0} busy");
                foreach (var (component, seconds) in cpu.ComponentSeconds)
                {
                    var share = cpu.Seconds > 0 ? seconds / (cpu.Seconds * cpu.Cores) : 0;
                    var perWorkflow = p.Completed > 0 ? seconds * 1000 / p.Completed : 0;
                    s.AppendLine(CultureInfo.InvariantCulture, $"  {"  " + component,-20}{seconds,8:F2} cpu-s {share,6:P0} of machine {perWorkflow,8:F2} cpu-ms/workflow");
                }
            }

            if (p.Problems.Count > 0)
            {
                s.AppendLine();
                s.AppendLine(CultureInfo.InvariantCulture, $"  {p.Problems.Count} workflows did not complete; first ones:");
                foreach (var problem in p.Problems.Take(10))
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"    {problem}");
                }
            }
        }

        s.AppendLine();
        foreach (var line in SummaryLines(report))
        {
            s.AppendLine(line);
        }

        return s.ToString();
    }

    /// <summary>
    /// One line per measured phase, each starting with <c>summary</c>, so that <c>scripts/bench.sh</c> can collect
    /// them across scenarios: throughput (client completions), its ratio to the floor, client latency, durable rows
    /// and commits per workflow and per step.
    /// </summary>
    public static IEnumerable<string> SummaryLines(BenchReport report)
    {
        if (report.Floor is { } floor)
        {
            foreach (var f in new[] { floor.Burst, floor.Sequential })
            {
                if (f is not null)
                {
                    var l = f.Latency;
                    yield return string.Create(CultureInfo.InvariantCulture,
                        $"summary {report.Scenario,-10} {"floor " + f.Mode,-16} {f.Completed,5}/{f.Workflows,-5} c={f.Concurrency,-3} {f.WorkflowsPerSecond,8:F1} wf/s {"",12}  p50/p95/p99 {l.P50,7:F1} {l.P95,7:F1} {l.P99,7:F1} ms  {floor.WritesPerWorkflow} writes, {floor.WritesPerWorkflow} commits/wf");
                }
            }
        }

        foreach (var p in report.Phases)
        {
            var l = p.ClientLatency;
            var ratio = p.VsFloor is { } vs ? string.Create(CultureInfo.InvariantCulture, $"{vs.CompletionsPerSecondClient,6:F3} x floor") : "";
            var writes = p.Writes is { } w
                ? string.Create(CultureInfo.InvariantCulture, $"  {w.WritesPerWorkflow:F2} rows, {w.CommitsPerWorkflow:F2} commits/wf, {w.CommitsPerStep:F2} commits/step")
                : string.Empty;
            var pairedText = p.Paired is { Rounds.Count: > 0 } paired
                ? string.Create(CultureInfo.InvariantCulture, $"  paired {paired.Median:F3} x floor ({string.Join("/", paired.Rounds.Select(r => r.Ratio.ToString("F2", CultureInfo.InvariantCulture)))})")
                : string.Empty;
            var handOff = p.HandOff is { } h
                ? string.Create(CultureInfo.InvariantCulture, $"  hand-off p50/p99 {h.P50:F1}/{h.P99:F1} ms")
                : string.Empty;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"summary {report.Scenario,-10} {p.Mode,-16} {p.Completed,5}/{p.Workflows,-5} c={p.Concurrency,-3} {p.CompletionsPerSecondClient,8:F1} wf/s {ratio,-12}  p50/p95/p99 {l.P50,7:F1} {l.P95,7:F1} {l.P99,7:F1} ms{writes}{handOff}{pairedText}{(report.StartVia == "orleans" ? "  [started as an Orleans client]" : "")}");
        }
    }

    private static void Row(StringBuilder s, string label, string value, string? ratio = null) =>
        s.AppendLine(CultureInfo.InvariantCulture, $"  {label,-65}{value,12}{ratio,10}");

    private static string? X(double? ratio) => ratio?.ToString("F3", CultureInfo.InvariantCulture);

    private static void Latency(StringBuilder s, string label, LatencySummary l) =>
        s.AppendLine(CultureInfo.InvariantCulture, $"  {label,-56}{l.Count,7}{l.Mean,9:F1}{l.P50,9:F1}{l.P95,9:F1}{l.P99,9:F1}{l.Max,9:F1}");

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}
