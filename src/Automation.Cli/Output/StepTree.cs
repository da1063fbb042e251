using System.Globalization;
using System.Text.Json.Nodes;

namespace Automation.Cli.Output;

/// <summary>A workflow snapshot for people: a header block and one line per step, with status marks.</summary>
internal static class StepTree
{
    /// <summary>Writes the snapshot.</summary>
    /// <param name="printer">Where to write.</param>
    /// <param name="snapshot">The snapshot of <c>GET /api/v1/workflows/{id}</c>.</param>
    public static void Write(Printer printer, JsonNode? snapshot)
    {
        var output = printer.Out;
        var terminal = printer.Terminal;
        output.WriteLine($"Workflow    {Json.String(snapshot, "workflowId")}");
        output.WriteLine($"Definition  {Json.String(snapshot, "definition")} v{Json.Text(snapshot?["version"])}");
        output.WriteLine($"Status      {terminal.Status(Json.String(snapshot, "status"))}");
        output.WriteLine($"Created     {Json.Text(snapshot?["createdAt"])}{(Json.String(snapshot, "startedBy") is { } by ? " by " + by : "")}");
        if (snapshot?["completedAt"] is JsonValue)
        {
            output.WriteLine($"Finished    {Json.Text(snapshot["completedAt"])}");
        }

        if (snapshot?["tags"] is JsonArray { Count: > 0 } tags)
        {
            output.WriteLine($"Tags        {Json.Text(tags)}");
        }

        if (snapshot?["parent"] is JsonObject parent)
        {
            output.WriteLine($"Parent      {Json.String(parent, "workflowId")} (step {Json.String(parent, "stepId")})");
        }

        if (snapshot?["error"] is JsonObject error)
        {
            output.WriteLine($"Error       {Json.String(error, "type")}: {Json.String(error, "message")}");
        }

        var steps = (snapshot?["steps"] as JsonArray)?.OfType<JsonObject>().ToList() ?? [];
        output.WriteLine();
        output.WriteLine("Steps");
        var idWidth = steps.Count == 0 ? 0 : steps.Max(s => (Json.String(s, "id") ?? "").Length);
        var typeWidth = steps.Count == 0 ? 0 : steps.Max(s => (Json.String(s, "type") ?? "").Length);
        for (var i = 0; i < steps.Count; i++)
        {
            var step = steps[i];
            var status = Json.String(step, "status") ?? "";
            var line = $"  {(i == steps.Count - 1 ? "└─" : "├─")} {Mark(terminal, status)} {(Json.String(step, "id") ?? "").PadRight(idWidth)}  {(Json.String(step, "type") ?? "").PadRight(typeWidth)}  {terminal.Status(status)}{new string(' ', Math.Max(0, 10 - status.Length))}{Details(step)}";
            output.WriteLine(line.TrimEnd());
        }

        if (snapshot?["output"] is { } result && Json.String(snapshot, "status") == "Completed")
        {
            output.WriteLine();
            output.WriteLine("Output");
            foreach (var line in result.ToJsonString(Json.Indented).Split('\n'))
            {
                output.WriteLine("  " + line.TrimEnd('\r'));
            }
        }
    }

    /// <summary>The one-character mark of a status.</summary>
    /// <param name="terminal">Colours.</param>
    /// <param name="status">The step status.</param>
    public static string Mark(Terminal terminal, string status) => status switch
    {
        "Completed" => terminal.Paint("32", "✓"),
        "Failed" => terminal.Paint("31", "✗"),
        "Running" => terminal.Paint("33", "▶"),
        "Retrying" => terminal.Paint("33", "↻"),
        "Waiting" => terminal.Paint("33", "…"),
        "Cancelled" => terminal.Paint("90", "⊘"),
        "Skipped" => terminal.Paint("90", "-"),
        _ => terminal.Paint("90", "·"),
    };

    /// <summary>Attempts, duration, progress, children, waits and the last error of a step, in a few words.</summary>
    /// <param name="step">The step.</param>
    public static string Details(JsonObject step)
    {
        var parts = new List<string>();
        var attempts = step["attempts"]?.GetValue<int>() ?? 0;
        if (attempts > 0)
        {
            parts.Add(attempts == 1 ? "1 attempt" : $"{attempts} attempts");
        }

        if (Duration(step) is { } duration)
        {
            parts.Add(duration);
        }

        if (step["children"] is JsonObject children)
        {
            parts.Add($"children {Json.Text(children["completed"])}/{Json.Text(children["total"])} completed");
        }

        if (step["progress"] is JsonObject progress)
        {
            parts.Add("progress " + Json.Text(progress["percent"] ?? progress["message"] ?? progress));
        }

        if (step["waitingFor"] is JsonObject waitingFor)
        {
            parts.Add(Json.String(waitingFor, "signal") is { } signal ? $"waiting for signal '{signal}'" : "waiting for approval");
        }

        if (Json.String(step, "nextAttemptAt") is { } next)
        {
            parts.Add("next attempt " + Json.Timestamp(next));
        }

        if (step["error"] is JsonObject error && Json.String(step, "status") != "Completed")
        {
            parts.Add($"{Json.String(error, "type")}: {Json.String(error, "message")}");
        }

        return parts.Count == 0 ? "" : "  " + string.Join("  ", parts);
    }

    private static string? Duration(JsonObject step)
    {
        if (Json.String(step, "startedAt") is not { } started || Json.String(step, "completedAt") is not { } completed
            || !DateTimeOffset.TryParse(started, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var from)
            || !DateTimeOffset.TryParse(completed, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var to))
        {
            return null;
        }

        var span = to - from;
        return span.TotalSeconds < 60
            ? span.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture) + "s"
            : span.ToString(span.TotalHours >= 1 ? @"h\:mm\:ss" : @"m\:ss", CultureInfo.InvariantCulture);
    }
}
