using System.Net;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Http;
using Automation.Cli.Output;

namespace Automation.Cli.Commands;

/// <summary>
/// Waits for a workflow to finish with short long-polls (<c>?wait=2s</c>), writing each step change as it happens, and
/// answers the final snapshot. A brief outage (a silo restarting: 503, or no connection) is waited out.
/// </summary>
internal static class WorkflowWaiter
{
    private static readonly HashSet<string> Final = ["Completed", "Failed", "Cancelled", "TimedOut", "Terminated"];

    /// <summary>Whether a status is final.</summary>
    /// <param name="status">The workflow status.</param>
    public static bool IsFinal(string? status) => status is not null && Final.Contains(status);

    /// <summary>Waits until the workflow is final or <paramref name="limit"/> passes.</summary>
    /// <param name="context">The command context.</param>
    /// <param name="workflowId">The workflow.</param>
    /// <param name="limit">How long to wait at most; null for no limit.</param>
    /// <param name="cancellationToken">Stops waiting (Ctrl-C); the workflow goes on.</param>
    public static async Task<JsonNode?> WaitAsync(CommandContext context, string workflowId, TimeSpan? limit, CancellationToken cancellationToken)
    {
        var progress = new StepProgress(context.Printer);
        var deadline = limit is { } l ? DateTimeOffset.UtcNow + l : DateTimeOffset.MaxValue;
        var failures = 0;
        while (true)
        {
            JsonNode? snapshot;
            try
            {
                snapshot = await context.Api.GetAsync(ApiRoutes.Workflow.Format(workflowId) + "?wait=2s", cancellationToken);
                failures = 0;
            }
            catch (CliException e) when (IsTransient(e) && ++failures <= 15)
            {
                context.Printer.Error.WriteLine($"(server unavailable, retrying: {e.Message.Split('\n')[0]})");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                continue;
            }

            progress.Update(snapshot);
            if (IsFinal(Json.String(snapshot, "status")))
            {
                return snapshot;
            }

            if (DateTimeOffset.UtcNow >= deadline)
            {
                throw new CliException($"Workflow {workflowId} is still {Json.String(snapshot, "status")} after {limit}; it goes on. Follow it with `automation workflow wait {workflowId}`.", ExitCodes.Failed);
            }
        }
    }

    /// <summary>The exit code of a final snapshot: 0 when Completed, 1 otherwise.</summary>
    /// <param name="snapshot">The snapshot.</param>
    public static int ExitCode(JsonNode? snapshot) => Json.String(snapshot, "status") == "Completed" ? ExitCodes.Ok : ExitCodes.Failed;

    private static bool IsTransient(CliException e) =>
        e is ServerUnavailableException || e is ApiProblemException { Status: HttpStatusCode.ServiceUnavailable or HttpStatusCode.BadGateway or HttpStatusCode.GatewayTimeout };
}
