using System.CommandLine;
using Automation.Cli.Http;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>alert list|get|ack|resolve</c>.</summary>
internal static class AlertCommands
{
    /// <summary>The command.</summary>
    public static Command Build()
    {
        var id = new Argument<string>("alert-id") { Description = "The alert id." };
        var comment = new Option<string?>("--comment", "-m") { Description = "A comment recorded with who and when." };
        return new Command("alert", "Alerts raised by monitored services.").With(
            Resource.List("List alerts, newest first.", ApiRoutes.Alerts, [
                Column.Of("ALERT", "id"), Column.Of("SEVERITY", "severity", isStatus: true), Column.Of("STATUS", "status"), Column.Of("SOURCE", "source"),
                Column.Of("RAISED", "raisedAt"), Column.Of("TITLE", "title")], "items",
                (new Option<string?>("--status", "-s") { Description = "open, acknowledged or resolved." }, "status"),
                (new Option<string?>("--severity") { Description = "info, warning or critical." }, "severity"),
                (new Option<string?>("--source") { Description = "The source, e.g. a service name." }, "source"),
                (new Option<string?>("--since") { Description = "Raised at or after (ISO 8601)." }, "since"),
                (new Option<string?>("--limit", "-n") { Description = "Page size, 1–500." }, "limit"),
                (new Option<string?>("--cursor") { Description = "The nextCursor of the previous page." }, "cursor")),
            Resource.Get("get", "Show an alert with its deliveries.", ApiRoutes.Alert, id),
            Resource.Send("ack", "Acknowledge an alert (it stops escalating).", ApiRoutes.AlertAcknowledge, id, a => $"Acknowledged alert {a}.", parse => Resource.Comment(parse, comment), comment),
            Resource.Send("resolve", "Resolve an alert.", ApiRoutes.AlertResolve, id, a => $"Resolved alert {a}.", parse => Resource.Comment(parse, comment), comment));
    }
}
