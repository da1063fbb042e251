using System.ComponentModel;
using System.Globalization;
using Automation.Api.Contracts;
using Automation.Api.Security;
using Automation.Persistence;
using Automation.Workflows;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>GET /api/v1/workflows</c>.</summary>
internal static partial class WorkflowsApi
{
    private const int MinLimit = 1;
    private const int MaxLimit = 1000;
    private const int DefaultLimit = 50;

    // Every parameter is bound as a string and parsed here, so that a bad value is a 400 naming it (binding failures
    // would answer a bare 400 without the errors map).
    private static async Task<Results<Ok<WorkflowListResponse>, ValidationProblem, ProblemHttpResult>> ListAsync(
        [Description("Only workflows with this status (case-insensitive).")] string? status,
        [Description("Only workflows of this definition name.")] string? definition,
        [Description("Only workflows created at or after this time (ISO 8601; UTC when no offset is given).")] string? from,
        [Description("Only workflows created before this time (ISO 8601; UTC when no offset is given).")] string? to,
        [Description("Page size.")] string? limit,
        [Description("The nextCursor of the previous page; pass the same filters with it.")] string? cursor,
        [Description("Only workflows started by this caller: a username, or apikey:ID.")] string? startedBy,
        [Description("Only workflows that have this tag; repeat it to require every one given (at most 20).")] string[]? tag,
        [Description("Only workflows whose id starts with this text (taken literally: no wildcards).")] string? idPrefix,
        [Description("Only child workflows of this workflow (started by its workflow, foreach or parallel steps).")] string? parentId,
        HttpContext http, IWorkflowIndex index, CancellationToken cancellationToken)
    {
        var (query, errors) = ParseQuery(status, definition, from, to, limit, cursor, startedBy, tag, idPrefix, parentId);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (NarrowedReadProblem(http, definition) is { } forbidden)
        {
            return forbidden;
        }

        try
        {
            var page = await index.QueryAsync(query, cancellationToken);
            return TypedResults.Ok(new WorkflowListResponse([.. page.Items.Select(WorkflowSummary.From)], page.NextCursor));
        }
        catch (InvalidCursorException ex)
        {
            return Problems.Validation("cursor", ex.Message);
        }
    }

    // Every filter of the list and the counts, parsed and checked the same way; every mistake is named.
    private static (WorkflowQuery Query, List<(string, string)> Errors) ParseQuery(
        string? status, string? definition, string? from, string? to, string? limit, string? cursor, string? startedBy, string[]? tag, string? idPrefix, string? parentId)
    {
        var errors = new List<(string, string)>();
        WorkflowStatus? statusFilter = null;
        if (status is not null)
        {
            if (Enum.TryParse<WorkflowStatus>(status, ignoreCase: true, out var s) && Enum.IsDefined(s) && !int.TryParse(status, out _))
            {
                statusFilter = s;
            }
            else
            {
                errors.Add(("status", $"'{status}' is not a status. Use one of {string.Join(", ", Enum.GetNames<WorkflowStatus>())}."));
            }
        }

        var fromTime = ParseTime("from", from, errors);
        var toTime = ParseTime("to", to, errors);
        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < MinLimit or > MaxLimit))
        {
            errors.Add(("limit", $"Must be a whole number from {MinLimit} to {MaxLimit}, not '{limit}'."));
        }

        if (startedBy is { Length: > 200 })
        {
            errors.Add(("startedBy", "At most 200 characters."));
        }

        var tags = tag is { Length: > 0 } ? tag.Distinct(StringComparer.Ordinal).ToArray() : null;
        if (tags is { Length: > ResourceNames.MaxTags })
        {
            errors.Add(("tag", $"At most {ResourceNames.MaxTags} tags."));
        }
        else if (tags?.FirstOrDefault(t => !ResourceNames.IsTag(t)) is { } badTag)
        {
            errors.Add(("tag", $"'{badTag}' is not a valid tag: {ResourceNames.TagRule}."));
        }

        if (idPrefix is not null && !ResourceNames.IsWorkflowId(idPrefix))
        {
            // Every non-empty start of a valid id is itself shaped like one.
            errors.Add(("idPrefix", $"Must be the start of a valid workflow id: {ResourceNames.WorkflowIdRule}."));
        }

        if (parentId is not null && !ResourceNames.IsWorkflowId(parentId))
        {
            errors.Add(("parentId", $"Not a valid workflow id: {ResourceNames.WorkflowIdRule}."));
        }

        // PostgreSQL text cannot hold NUL: such a filter would fail in the database (and look like an outage, a 503).
        foreach (var (name, value) in new[] { ("definition", definition), ("startedBy", startedBy) })
        {
            if (value?.Contains('\0', StringComparison.Ordinal) == true)
            {
                errors.Add((name, "Must not contain NUL characters."));
            }
        }

        return (new WorkflowQuery(statusFilter, definition, fromTime, toTime, pageSize, cursor, startedBy, tags, idPrefix, parentId), errors);
    }

    // A caller whose read permission is narrowed to some definitions lists (and counts) one of those at a time.
    private static ProblemHttpResult? NarrowedReadProblem(HttpContext http, string? definition) =>
        http.User.AllowsAll(Permissions.WorkflowsRead) || (definition is not null && http.User.Allows(Permissions.WorkflowsRead, definition))
            ? null
            : definition is null
                ? Problems.Forbidden($"Your '{Permissions.WorkflowsRead}' permission covers only some definitions: filter by one of them with ?definition=.", Permissions.WorkflowsRead)
                : Problems.NotForDefinition(Permissions.WorkflowsRead, definition);

    private static DateTimeOffset? ParseTime(string name, string? value, List<(string, string)> errors)
    {
        if (value is null)
        {
            return null;
        }

        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
        {
            return t;
        }

        errors.Add((name, $"'{value}' is not an ISO 8601 timestamp such as 2026-11-25T10:00:00Z."));
        return null;
    }
}
