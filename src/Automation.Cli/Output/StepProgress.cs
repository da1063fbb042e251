using System.Globalization;
using System.Text.Json.Nodes;

namespace Automation.Cli.Output;

/// <summary>
/// Follows successive snapshots of one workflow and writes a line each time a step changes status or attempt: the
/// stream <c>workflow start --wait</c> and <c>workflow wait</c> show.
/// </summary>
/// <param name="printer">Where to write (standard error in JSON/YAML modes).</param>
internal sealed class StepProgress(Printer printer)
{
    private readonly Dictionary<string, string> _seen = new(StringComparer.Ordinal);

    /// <summary>Writes the changes since the previous snapshot.</summary>
    /// <param name="snapshot">The latest snapshot.</param>
    public void Update(JsonNode? snapshot)
    {
        foreach (var step in (snapshot?["steps"] as JsonArray)?.OfType<JsonObject>() ?? [])
        {
            var id = Json.String(step, "id") ?? "";
            var status = Json.String(step, "status") ?? "";
            var attempts = Json.Text(step["attempts"]);
            var key = status + "/" + attempts + "/" + Json.Text(step["progress"]);
            if (_seen.TryGetValue(id, out var previous) ? previous == key : status == "Pending")
            {
                _seen[id] = key;
                continue;
            }

            _seen[id] = key;
            var time = DateTime.UtcNow.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
            printer.Messages.WriteLine($"{time}  {StepTree.Mark(printer.Terminal, status)} {id}  {printer.Terminal.Status(status)}{StepTree.Details(step)}".TrimEnd());
        }
    }
}
