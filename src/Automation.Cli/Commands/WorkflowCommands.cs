using System.CommandLine;
using System.Net;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Input;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary><c>workflow start|list|describe|history|wait|cancel|terminate|retry|pause|resume|signal|approve|reject|batch</c>.</summary>
internal static class WorkflowCommands
{
    /// <summary>The columns of a workflow list.</summary>
    public static readonly Column[] ListColumns =
    [
        Column.Of("WORKFLOW", "workflowId"), Column.Of("DEFINITION", "definition"), Column.Of("V", "version"),
        Column.Of("STATUS", "status", isStatus: true), Column.Of("CREATED", "createdAt"), Column.Of("STARTED BY", "startedBy"), Column.Of("TAGS", "tags"),
    ];

    /// <summary>The command.</summary>
    public static Command Build()
    {
        var id = new Argument<string>("workflow-id") { Description = "The workflow id." };
        var reason = new Option<string?>("--reason") { Description = "Why; recorded in the history." };
        return new Command("workflow", "Start, find, follow and operate workflows.").With(
            Start(),
            List(),
            new Command("describe", "Show a workflow: status, every step with attempts, errors and progress.").With(id).Does(async (context, cancellationToken) =>
            {
                var snapshot = await context.Api.GetAsync(ApiRoutes.Workflow.Format(context.Parse.GetValue(id)!), cancellationToken);
                context.Printer.Document(snapshot, () => StepTree.Write(context.Printer, snapshot));
                return ExitCodes.Ok;
            }),
            History(id),
            new Command("wait", "Follow a workflow until it ends; exits 1 unless it completed.").With(id, WaitTimeout).Does(async (context, cancellationToken) =>
            {
                var snapshot = await WorkflowWaiter.WaitAsync(context, context.Parse.GetValue(id)!, WaitLimit(context), cancellationToken);
                context.Printer.Document(snapshot, () => StepTree.Write(context.Printer, snapshot));
                return WorkflowWaiter.ExitCode(snapshot);
            }),
            Action("cancel", "Cancel a running workflow.", ApiRoutes.WorkflowCancel, id, reason),
            Action("terminate", "Terminate a running or paused workflow at once (children too).", ApiRoutes.WorkflowTerminate, id, reason),
            Retry(id, reason),
            Action("pause", "Pause a running workflow: no new steps start until it is resumed.", ApiRoutes.WorkflowPause, id, reason),
            Action("resume", "Resume a paused workflow.", ApiRoutes.WorkflowResume, id, reason),
            Signal(id),
            Decide("approve", "Approve a waiting approval step.", id),
            Decide("reject", "Reject a waiting approval step (the workflow fails).", id),
            BatchCommands.Build());
    }

    private static Option<string?> WaitTimeout { get; } = new("--wait-timeout") { Description = "Stop waiting after this long (e.g. 10m); the workflow goes on. Default: no limit." };

    private static TimeSpan? WaitLimit(CommandContext context) =>
        context.Parse.GetValue(WaitTimeout) is { } text ? Duration.Parse(text, "--wait-timeout") : null;

    private static Command Start()
    {
        var definition = new Argument<string>("definition") { Description = "The definition to run." };
        var input = new Option<string[]>("--input", "-i") { Description = "An input field as key=value (JSON values, dotted keys nest); repeatable." };
        var inputFile = new Option<string?>("--input-file", "-f") { Description = "The input as a JSON file, or '-' for standard input; --input pairs are added to it." };
        var workflowId = new Option<string?>("--id") { Description = "The workflow id (makes the start idempotent); generated when missing." };
        var version = new Option<int?>("--version", "-v") { Description = "Pin a version (default: the latest)." };
        var tags = new Option<string[]>("--tag", "-t") { Description = "A tag to find it by; repeatable." };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Reuse on retries of the same start (Idempotency-Key header)." };
        var wait = new Option<bool>("--wait", "-w") { Description = "Follow the workflow until it ends, showing step progress; exit 1 unless it completed." };
        return new Command("start", "Start a workflow.").With(definition, input, inputFile, workflowId, version, tags, idempotencyKey, wait, WaitTimeout).Does(async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var limit = WaitLimit(context);
            JsonNode? inputDocument = null;
            if (parse.GetValue(inputFile) is { } file)
            {
                inputDocument = JsonInput.ReadFile(file);
            }

            var pairs = parse.GetValue(input) ?? [];
            if (pairs.Length > 0)
            {
                if (inputDocument is not null and not JsonObject)
                {
                    throw CliException.Usage("--input key=value needs the --input-file document to be a JSON object.");
                }

                inputDocument = JsonInput.KeyValues(pairs, "--input", inputDocument as JsonObject);
            }

            var body = new JsonObject { ["definition"] = parse.GetValue(definition) };
            if (parse.GetValue(version) is { } v)
            {
                body["version"] = v;
            }

            if (parse.GetValue(workflowId) is { } wid)
            {
                body["workflowId"] = wid;
            }

            if (inputDocument is not null)
            {
                body["input"] = inputDocument;
            }

            if (parse.GetValue(tags) is { Length: > 0 } tagList)
            {
                body["tags"] = new JsonArray(tagList.Select(t => (JsonNode?)JsonValue.Create(t)).ToArray());
            }

            var headers = parse.GetValue(idempotencyKey) is { } key ? new Dictionary<string, string> { ["Idempotency-Key"] = key } : null;
            var response = await context.Api.SendAsync(ApiRoutes.WorkflowStart.HttpMethod, ApiRoutes.WorkflowStart.Path, body, cancellationToken, headers);
            var started = Json.String(response.Body, "workflowId")!;
            var verb = response.Status == HttpStatusCode.Created ? "Started" : "Already started:";
            if (!parse.GetValue(wait))
            {
                context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine($"{verb} workflow {started} ({context.Printer.Terminal.Status(Json.String(response.Body, "status"))})."));
                return ExitCodes.Ok;
            }

            context.Printer.Messages.WriteLine($"{verb} workflow {started}; following it (Ctrl-C stops following, not the workflow).");
            var snapshot = await WorkflowWaiter.WaitAsync(context, started, limit, cancellationToken);
            context.Printer.Document(snapshot, () =>
            {
                context.Printer.Out.WriteLine();
                StepTree.Write(context.Printer, snapshot);
            });
            return WorkflowWaiter.ExitCode(snapshot);
        });
    }

    private static Command List()
    {
        var filter = new WorkflowFilter();
        var limit = new Option<int?>("--limit", "-n") { Description = "Page size, 1–1000 (default 50)." };
        var cursor = new Option<string?>("--cursor") { Description = "The nextCursor of the previous page." };
        var all = new Option<bool>("--all") { Description = "Follow every page (newest first)." };
        return new Command("list", "List workflows, newest first, with the API's filters.").With(filter.Options).With(limit, cursor, all).Does(async (context, cancellationToken) =>
        {
            var parse = context.Parse;
            var items = new JsonArray();
            var next = parse.GetValue(cursor);
            JsonNode? page;
            do
            {
                var query = filter.Query(parse).Append(new("limit", ApiPath.Number(parse.GetValue(limit) ?? (parse.GetValue(all) ? 1000 : null)))).Append(new("cursor", next));
                page = await context.Api.GetAsync(ApiPath.WithQuery(ApiRoutes.Workflows.Path, query), cancellationToken);
                foreach (var item in (page?["items"] as JsonArray)?.ToArray() ?? [])
                {
                    items.Add(item?.DeepClone());
                }

                next = Json.String(page, "nextCursor");
            }
            while (parse.GetValue(all) && next is not null);

            context.Printer.List(new JsonObject { ["items"] = items, ["nextCursor"] = next }, ListColumns);
            return ExitCodes.Ok;
        });
    }

    private static Command History(Argument<string> id)
    {
        var after = new Option<long?>("--after") { Description = "Only events after this sequence number." };
        return new Command("history", "The workflow's ordered event history.").With(id, after).Does(async (context, cancellationToken) =>
        {
            var events = new JsonArray();
            var position = context.Parse.GetValue(after) ?? 0;
            var workflowId = context.Parse.GetValue(id)!;
            while (true)
            {
                var page = await context.Api.GetAsync(ApiPath.WithQuery(ApiRoutes.WorkflowHistory.Format(workflowId), [new("after", position.ToString(System.Globalization.CultureInfo.InvariantCulture))]), cancellationToken);
                foreach (var item in (page?["events"] as JsonArray)?.ToArray() ?? [])
                {
                    events.Add(item?.DeepClone());
                }

                if (page?["nextAfter"] is not JsonValue nextAfter)
                {
                    break;
                }

                position = nextAfter.GetValue<long>();
            }

            var document = new JsonObject { ["workflowId"] = workflowId, ["events"] = events };
            context.Printer.List(document, [
                Column.Of("SEQ", "sequence"), Column.Of("TIME", "timestamp"), Column.Of("EVENT", "type"), Column.Of("STEP", "stepId"),
                new("DETAILS", e => string.Join("  ", ((JsonObject)e).Where(p => p.Key is not ("sequence" or "timestamp" or "type" or "stepId")).Select(p => $"{p.Key}={Json.Text(p.Value)}"))),
            ], "events");
            return ExitCodes.Ok;
        });
    }

    private static Command Action(string name, string description, ApiRoute route, Argument<string> id, Option<string?> reason) =>
        new Command(name, description).With(id, reason).Does(async (context, cancellationToken) =>
        {
            var body = context.Parse.GetValue(reason) is { } why ? new JsonObject { ["reason"] = why } : new JsonObject();
            var response = await context.Api.SendAsync(route.HttpMethod, route.Format(context.Parse.GetValue(id)!), body, cancellationToken);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine($"Workflow {context.Parse.GetValue(id)} is {context.Printer.Terminal.Status(Json.String(response.Body, "status"))}."));
            return ExitCodes.Ok;
        });

    private static Command Retry(Argument<string> id, Option<string?> reason)
    {
        var patch = new Option<string[]>("--input", "-i") { Description = "Patch the input before retrying: key=value (a JSON merge patch); repeatable." };
        return new Command("retry", "Run a failed, timed-out, terminated or cancelled workflow again from the steps that did not complete.").With(id, reason, patch).Does(async (context, cancellationToken) =>
        {
            var body = new JsonObject();
            if (context.Parse.GetValue(reason) is { } why)
            {
                body["reason"] = why;
            }

            if (context.Parse.GetValue(patch) is { Length: > 0 } pairs)
            {
                body["inputPatch"] = JsonInput.KeyValues(pairs, "--input");
            }

            var response = await context.Api.SendAsync(ApiRoutes.WorkflowRetry.HttpMethod, ApiRoutes.WorkflowRetry.Format(context.Parse.GetValue(id)!), body, cancellationToken);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine($"Workflow {context.Parse.GetValue(id)} is {context.Printer.Terminal.Status(Json.String(response.Body, "status"))} again."));
            return ExitCodes.Ok;
        });
    }

    private static Command Signal(Argument<string> id)
    {
        var name = new Argument<string>("signal") { Description = "The signal name." };
        var payload = new Option<string?>("--payload") { Description = "The payload as JSON text (default null)." };
        var payloadFile = new Option<string?>("--payload-file") { Description = "The payload as a JSON file, or '-' for standard input." };
        var idempotencyKey = new Option<string?>("--idempotency-key") { Description = "Makes a retried signal count once." };
        return new Command("signal", "Send a signal to a running workflow.").With(id, name, payload, payloadFile, idempotencyKey).Does(async (context, cancellationToken) =>
        {
            var body = context.Parse.GetValue(payloadFile) is { } file
                ? JsonInput.ReadFile(file)
                : context.Parse.GetValue(payload) is { } text ? JsonInput.Parse(text, "--payload") : null;
            var headers = context.Parse.GetValue(idempotencyKey) is { } key ? new Dictionary<string, string> { ["Idempotency-Key"] = key } : null;
            var response = await context.Api.SendAsync(ApiRoutes.WorkflowSignal.HttpMethod, ApiRoutes.WorkflowSignal.Format(context.Parse.GetValue(id)!, context.Parse.GetValue(name)!), body, cancellationToken, headers);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine(response.Body?["delivered"]?.GetValue<bool>() == true
                ? $"Signal delivered to step {Json.String(response.Body, "stepId")}."
                : "Signal kept: no step waits for it yet."));
            return ExitCodes.Ok;
        });
    }

    private static Command Decide(string decision, string description, Argument<string> id)
    {
        var step = new Argument<string>("step-id") { Description = "The approval step." };
        var comment = new Option<string?>("--comment", "-m") { Description = "A comment recorded with the decision." };
        return new Command(decision, description).With(id, step, comment).Does(async (context, cancellationToken) =>
        {
            var body = new JsonObject { ["decision"] = decision };
            if (context.Parse.GetValue(comment) is { } text)
            {
                body["comment"] = text;
            }

            var response = await context.Api.SendAsync(ApiRoutes.WorkflowApproval.HttpMethod, ApiRoutes.WorkflowApproval.Format(context.Parse.GetValue(id)!, context.Parse.GetValue(step)!), body, cancellationToken);
            context.Printer.Document(response.Body, () => context.Printer.Out.WriteLine($"Recorded: {decision} on step {context.Parse.GetValue(step)}."));
            return ExitCodes.Ok;
        });
    }
}
