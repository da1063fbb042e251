using System.CommandLine;
using System.Text.Json.Nodes;
using Automation.Cli.Http;
using Automation.Cli.Input;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>service list|get|health|graph|apply|delete|maintenance</c>.</summary>
internal static class ServiceCommands
{
    /// <summary>The command.</summary>
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = "The service name." };
        var status = new Option<string?>("--status", "-s") { Description = "Only services in this status." };
        var tag = new Option<string?>("--tag", "-t") { Description = "Only services with this tag." };
        var owner = new Option<string?>("--owner") { Description = "Only services of this owner." };
        var until = new Option<string>("--until") { Description = "When the window ends: an ISO 8601 time, or a duration from now (2h).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why." };

        var maintenance = new Command("maintenance", "Maintenance windows: alerts are suppressed while one is open.").With(
            Resource.Send("start", "Open a maintenance window until a time.", ApiRoutes.ServiceMaintenancePut, name, s => $"Service {s} is in maintenance.",
                parse =>
                {
                    var text = parse.GetValue(until)!;
                    var end = DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AssumeUniversal, out var at)
                        ? at
                        : DateTimeOffset.UtcNow + Duration.Parse(text, "--until");
                    var body = new JsonObject { ["until"] = end.ToUniversalTime().ToString("O", System.Globalization.CultureInfo.InvariantCulture) };
                    if (parse.GetValue(reason) is { } why)
                    {
                        body["reason"] = why;
                    }

                    return body;
                },
                until, reason),
            Resource.Send("end", "End the maintenance window now.", ApiRoutes.ServiceMaintenanceDelete, name, s => $"Service {s} left maintenance."));

        return new Command("service", "Monitored services: health, dependencies, maintenance.").With(
            Resource.List("List services with their status.", ApiRoutes.Services, [
                Column.Of("SERVICE", "name"), Column.Of("STATUS", "status", isStatus: true), Column.Of("PROBE", "probeStatus", isStatus: true),
                Column.Of("SINCE", "statusSince"), Column.Of("OWNER", "owner"), Column.Of("TAGS", "tags")], "items", (status, "status"), (tag, "tag"), (owner, "owner"),
                (new Option<string?>("--limit", "-n") { Description = "Page size, 1–1000 (default 100)." }, "limit"),
                (new Option<string?>("--cursor") { Description = "The nextCursor of the previous page." }, "cursor")),
            Resource.Get("get", "Show a service: registration, status, last probe and transitions.", ApiRoutes.Service, name),
            Resource.Get("health", "Latency history and uptime of a service.", ApiRoutes.ServiceHealth, name),
            new Command("graph", "The dependency graph with statuses.").Does(async (context, cancellationToken) =>
            {
                var graph = await context.Api.GetAsync(ApiRoutes.ServiceGraph.Path, cancellationToken);
                context.Printer.Document(graph, () =>
                {
                    foreach (var node in (graph?["nodes"] as JsonArray)?.OfType<JsonObject>() ?? [])
                    {
                        var nodeName = Json.String(node, "name");
                        var dependencies = (graph?["edges"] as JsonArray)?.OfType<JsonObject>().Where(e => Json.String(e, "from") == nodeName).Select(e => Json.String(e, "to")).ToList() ?? [];
                        context.Printer.Out.WriteLine($"{nodeName}  {context.Printer.Terminal.Status(Json.String(node, "status"))}{(dependencies.Count > 0 ? "  → " + string.Join(", ", dependencies) : "")}");
                    }
                });
                return Cli.ExitCodes.Ok;
            }),
            Resource.Apply("Register or replace a service from a JSON file ({probe, dependsOn, thresholds, ...}).", ApiRoutes.ServicePut, name, "Service"),
            Resource.Send("delete", "Delete a service and its history.", ApiRoutes.ServiceDelete, name, s => $"Deleted service {s}."),
            maintenance);
    }
}
