using System.ComponentModel;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.Security;
using Automation.Api.Hosting;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary><c>POST /api/v1/workflows</c>.</summary>
internal static partial class WorkflowsApi
{
    /// <summary>The request header that makes a client's own retries of a start safe.</summary>
    public const string IdempotencyKeyHeader = "Idempotency-Key";

    private static readonly JsonElement EmptyInput = JsonDocument.Parse("{}").RootElement.Clone();

    private static async Task<Results<Created<StartWorkflowResponse>, Ok<StartWorkflowResponse>, ValidationProblem, ProblemHttpResult>> StartAsync(
        [FromHeader(Name = IdempotencyKeyHeader), Description("Makes a retry of this request safe: a start with the same key is answered as the first one was (201 for the workflow it created). Without a workflowId, the key also names the workflow.")] string? idempotencyKey,
        [Description("Run synchronously: wait up to this long (e.g. 30s) for the workflow to finish before answering, with the workflow (and its output) in the answer; at most Automation:Api:MaxWait (default 5m). Needs workflows:read for the definition.")] string? wait,
        HttpContext http, IGrainFactory grains, ClusterCalls calls, IOptions<ApiOptions> options, TimeProvider time)
    {
        var body = await RequestJson.ReadAsync(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string, string)>();
        if (idempotencyKey is not null && !ResourceNames.IsIdempotencyKey(idempotencyKey))
        {
            errors.Add((IdempotencyKeyHeader, $"Not a valid idempotency key: {ResourceNames.IdempotencyKeyRule}."));
        }

        var waitFor = TimeSpan.Zero;
        if (wait is not null && (!Duration.TryParse(wait, out waitFor) || waitFor > options.Value.MaxWait))
        {
            errors.Add(("wait", $"Must be a duration such as \"30s\" of at most {Duration.Format(options.Value.MaxWait)}, not '{wait}'."));
        }

        var request = StartRequestParser.Parse(body.Value, errors);
        if (request is null || errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (!http.User.Allows(Permissions.WorkflowsStart, request.Definition))
        {
            return Problems.NotForDefinition(Permissions.WorkflowsStart, request.Definition);
        }

        if (wait is not null && !http.User.Allows(Permissions.WorkflowsRead, request.Definition))
        {
            // Checked before anything starts: a starter who may not read the workflow is not shown its outcome.
            return Problems.Forbidden($"?wait= answers with the workflow, which needs the '{Permissions.WorkflowsRead}' permission for definition '{request.Definition}'.", Permissions.WorkflowsRead);
        }

        var workflowId = request.WorkflowId ?? (idempotencyKey is null ? Guid.CreateVersion7().ToString() : WorkflowIdFor(idempotencyKey));
        // One request id per HTTP request, the same for every retry of it (ClusterCalls'), or the client's own key: a
        // retry that finds the workflow its earlier attempt created is then answered 201, not 200 "already exists".
        var command = new StartWorkflowCommand(request.Definition, request.Version, request.Input ?? EmptyInput)
        {
            RequestId = idempotencyKey is null ? "request:" + Guid.NewGuid().ToString("N") : "key:" + idempotencyKey,
            StartedBy = http.User.Actor(),
            Tags = request.Tags ?? [],
            Brief = wait is null, // the answer needs only the status: the snapshot is the start's largest message
        };
        var grain = grains.GetStringKeyed<IWorkflowGrain>(workflowId);
        var deadline = time.GetUtcNow() + waitFor;
        var result = await calls.RunAsync(() => grain.StartAsync(command), http.RequestAborted);
        switch (result.Outcome)
        {
            case StartWorkflowOutcome.DefinitionNotFound:
                return request.Version is null
                    ? Problems.Validation("$.definition", $"No definition named '{request.Definition}'. Register it with PUT /api/v1/definitions/{request.Definition}.")
                    : Problems.Validation("$.version", $"Definition '{request.Definition}' has no version {request.Version}.");
            case StartWorkflowOutcome.DefinitionDeprecated:
                return Problems.Conflict(result.Message ?? $"Definition '{request.Definition}' is deprecated.");
            case StartWorkflowOutcome.InputInvalid:
                return Problems.Validation(result.Errors!.Select(e => (e.Path, e.Message)));
            case StartWorkflowOutcome.Started when result.DefinitionName != request.Definition:
                return Problems.Conflict($"{IdempotencyKeyHeader} '{idempotencyKey}' already started workflow '{workflowId}' of definition '{result.DefinitionName}'; use a new key for a new request.");
            case StartWorkflowOutcome.AlreadyExists when result.DefinitionName != request.Definition:
                return Problems.Conflict($"Workflow id '{workflowId}' is already used by a workflow of definition '{result.DefinitionName}'.");
            case StartWorkflowOutcome.AlreadyExists:
                return TypedResults.Ok(await AnswerAsync(result));
            default:
                return TypedResults.Created($"/api/v1/workflows/{workflowId}", await AnswerAsync(result));
        }

        // Without ?wait= the status right after the start; with it, the workflow once final or when the wait ends.
        async Task<StartWorkflowResponse> AnswerAsync(StartWorkflowResult started)
        {
            if (wait is null)
            {
                return new StartWorkflowResponse(workflowId, started.StatusNow!.Value);
            }

            var snapshot = started.Snapshot!; // asked for with ?wait= (not brief)

            WorkflowSnapshot? final;
            try
            {
                final = await WaitUntilFinalAsync(grain, snapshot, deadline, calls, options.Value, time, http.RequestAborted);
            }
            catch (Exception) when (!http.RequestAborted.IsCancellationRequested)
            {
                // The workflow is started: a failure while waiting (storage or cluster unavailable) must not answer 503,
                // which invites a retry that, without a workflowId or Idempotency-Key, would start it twice. The
                // answer is the start's; the client goes on with GET …?wait=.
                final = snapshot;
            }

            final ??= snapshot;
            return new StartWorkflowResponse(workflowId, final.Status, WorkflowResponse.From(final));
        }
    }

    /// <summary>
    /// The workflow id a start without <c>workflowId</c> gets from its <c>Idempotency-Key</c>: a UUID (version 8) made
    /// from the key's SHA-256, so every retry with the key addresses the same workflow.
    /// </summary>
    internal static string WorkflowIdFor(string idempotencyKey)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes("automation/idempotency-key/" + idempotencyKey), hash);
        hash[6] = (byte)((hash[6] & 0x0F) | 0x80); // version 8: custom
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80); // RFC 9562 variant
        return new Guid(hash[..16], bigEndian: true).ToString();
    }
}
