using System.CommandLine;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Input;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary>
/// <c>workflow batch cancel|terminate|retry|pause|resume</c> by filter, after a confirmation that says how many
/// workflows match (<c>--yes</c> for scripts), then following the operation to its end; <c>workflow batch show ID</c>.
/// </summary>
internal static class BatchCommands
{
    /// <summary>The command.</summary>
    public static Command Build()
    {
        var batch = new Command("batch", "Apply one action to every workflow a filter matches.");
        foreach (var action in new[] { "cancel", "terminate", "retry", "pause", "resume" })
        {
            batch.Subcommands.Add(ActionCommand(action));
        }

        var operationId = new Argument<string>("operation-id") { Description = "The batch operation id." };
        batch.Subcommands.Add(new Command("show", "Show a batch operation and its counters.").With(operationId).Does(async (context, cancellationToken) =>
        {
            var operation = await context.Api.GetAsync(ApiRoutes.Batch.Format(context.Parse.GetValue(operationId)!), cancellationToken);
            context.Printer.Document(operation);
            return ExitCodes.Ok;
        }));
        return batch;
    }

    private static Command ActionCommand(string action)
    {
        var filter = new WorkflowFilter();
        var reason = new Option<string?>("--reason") { Description = "Why; recorded on each workflow." };
        var yes = new Option<bool>("--yes", "-y") { Description = "Do not ask for confirmation (for scripts)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Answer once the operation started, without following it." };
        return new Command(action, $"{char.ToUpperInvariant(action[0])}{action[1..]} every workflow the filter matches (at least one filter is required).")
            .With(filter.Options).With(reason, yes, noWait)
            .Does(async (context, cancellationToken) =>
            {
                var body = filter.Body(context.Parse);
                if (body.Count == 0)
                {
                    throw CliException.Usage($"Give at least one filter (--status, --definition, --tag, --id-prefix, --from, --to, --started-by, --parent) so that `{action}` does not reach every workflow by accident.");
                }

                var matching = await CountAsync(context, filter, cancellationToken);
                var description = string.Join(", ", body.Select(p => $"{p.Key}={Json.Text(p.Value)}"));
                if (!Prompt.Confirm($"This will {action} {matching} workflow(s) matching {description}.", context.Parse.GetValue(yes)))
                {
                    context.Printer.Error.WriteLine("Nothing done.");
                    return ExitCodes.Failed;
                }

                var request = new JsonObject { ["filter"] = body, ["action"] = action };
                if (context.Parse.GetValue(reason) is { } why)
                {
                    request["reason"] = why;
                }

                var started = await context.Api.SendAsync(ApiRoutes.BatchStart.HttpMethod, ApiRoutes.BatchStart.Path, request, cancellationToken);
                var id = Json.String(started.Body, "operationId")!;
                var operation = started.Body;
                if (!context.Parse.GetValue(noWait))
                {
                    while (Json.String(operation, "status") == "Running")
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(500), cancellationToken);
                        operation = await context.Api.GetAsync(ApiRoutes.Batch.Format(id), cancellationToken);
                    }
                }

                context.Printer.Document(operation, () => context.Printer.Out.WriteLine(
                    $"Batch {action} {id}: {context.Printer.Terminal.Status(Json.String(operation, "status"))}; matched {Json.Text(operation?["matched"])}, succeeded {Json.Text(operation?["succeeded"])}, skipped {Json.Text(operation?["skipped"])}, failed {Json.Text(operation?["failed"])}."));
                var failed = operation?["failed"]?.GetValue<int>() ?? 0;
                return Json.String(operation, "status") is "Running" or "Completed" && failed == 0 ? ExitCodes.Ok : ExitCodes.Failed;
            });
    }

    private static async Task<string> CountAsync(CommandContext context, WorkflowFilter filter, CancellationToken cancellationToken)
    {
        var page = await context.Api.GetAsync(ApiPath.WithQuery(ApiRoutes.Workflows.Path, filter.Query(context.Parse).Append(new("limit", "1000"))), cancellationToken);
        var count = (page?["items"] as JsonArray)?.Count ?? 0;
        return Json.String(page, "nextCursor") is null ? count.ToString(System.Globalization.CultureInfo.InvariantCulture) : "more than 1000";
    }
}
