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
        s.AppendLine(CultureInfo.InvariantCulture, $"  definition {report.Definition}: chain of {report.Steps} {report.StepType} steps; warm-up {report.Warmup} workflows");
        s.AppendLine(CultureInfo.InvariantCulture, $"  machine    {report.Machine}; PostgreSQL {report.PostgresVersion ?? "(not read: no --pg)"}");
        foreach (var p in report.Phases)
        {
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"== {p.Mode}: {p.Workflows} workflows, concurrency {p.Concurrency}: {p.Completed} completed ({p.CompletedInStartAnswer} already completed in the start answer), wall {p.WallSeconds:F2} s");
            Row(s, "throughput", "workflows/s");
            if (p.Mode == "burst")
            {
                Row(s, "  starts (client: first POST to last start answer)", F(p.StartsPerSecond));
            }

            Row(s, "  completions (client: first POST to last completion seen)", F(p.CompletionsPerSecondClient));
            Row(s, "  completions (server: min createdAt to max completedAt)", F(p.CompletionsPerSecondServer));
            s.AppendLine();
            s.AppendLine(CultureInfo.InvariantCulture, $"  {"latency (ms)",-56}{"n",7}{"mean",9}{"p50",9}{"p95",9}{"p99",9}{"max",9}");
            Latency(s, "  start call (client: POST duration)", p.StartCall);
            Latency(s, "  start->complete (client: POST to final status seen)", p.ClientLatency);
            Latency(s, "  start->complete (server: completedAt - createdAt)", p.ServerLatency);
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
                if (p.WallSeconds > 0)
                {
                    s.AppendLine(CultureInfo.InvariantCulture, $"  {"  row writes/s, commits/s over the wall time",-56}{"",27}{w.Writes / p.WallSeconds,9:F0}{w.Commits / p.WallSeconds,9:F0}");
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

        return s.ToString();
    }

    private static void Row(StringBuilder s, string label, string value) =>
        s.AppendLine(CultureInfo.InvariantCulture, $"  {label,-65}{value,12}");

    private static void Latency(StringBuilder s, string label, LatencySummary l) =>
        s.AppendLine(CultureInfo.InvariantCulture, $"  {label,-56}{l.Count,7}{l.Mean,9:F1}{l.P50,9:F1}{l.P95,9:F1}{l.P99,9:F1}{l.Max,9:F1}");

    private static string F(double v) => v.ToString("F1", CultureInfo.InvariantCulture);
}
