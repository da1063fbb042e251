using System.ComponentModel;
using System.Globalization;
using System.Text.Json.Nodes;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Persistence;
using Automation.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.OpenApi;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/audit</c>: read the audit trail.</summary>
internal static class AuditApi
{
    private const int MinLimit = 1;
    private const int DefaultLimit = 100;
    private static readonly string[] Outcomes = [AuditTrail.Success, AuditTrail.Failure, AuditTrail.Denied];

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapAuditApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/audit").WithTags("Audit");
        group.MapGet("/", ListAsync).WithName("ListAudit")
            .WithSummary("Lists audit records newest first, filtered by actor, action, target, outcome and time, with cursor pagination.")
            .WithParameterSchema("outcome", _ => new OpenApiSchema { Type = JsonSchemaType.String, Enum = [.. Outcomes.Select(o => (JsonNode)JsonValue.Create(o))] })
            .WithParameterSchema("from", ParameterSchemas.DateTime())
            .WithParameterSchema("to", ParameterSchemas.DateTime())
            .WithParameterSchema("limit", ParameterSchemas.Integer(MinLimit, AuditQuery.MaxLimit, DefaultLimit))
            .ProducesClusterUnavailable();
        return group;
    }

    // Every parameter is bound as a string and parsed here, so that a bad value is a 400 naming it.
    private static async Task<Results<Ok<AuditListResponse>, ValidationProblem>> ListAsync(
        [Description("Only records of this actor: a username, apikey:ID, or anonymous.")] string? actor,
        [Description("Only records of this action: an operation id such as PutDefinition, or an event such as auth.token.")] string? action,
        [Description("Only records about this target (a definition name, workflow id, username).")] string? target,
        [Description("Only records with this outcome.")] string? outcome,
        [Description("Only records at or after this time (ISO 8601; UTC when no offset is given).")] string? from,
        [Description("Only records before this time (ISO 8601; UTC when no offset is given).")] string? to,
        [Description("Page size.")] string? limit,
        [Description("The nextCursor of the previous page; pass the same filters with it.")] string? cursor,
        IAuditLog log, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        CheckText("actor", actor, errors);
        CheckText("action", action, errors);
        CheckText("target", target, errors);
        if (outcome is not null && !Outcomes.Contains(outcome, StringComparer.Ordinal))
        {
            errors.Add(("outcome", $"'{AuditTrail.Clean(outcome)}' is not an outcome. Use one of {string.Join(", ", Outcomes)}."));
        }

        var fromTime = ParseTime("from", from, errors);
        var toTime = ParseTime("to", to, errors);
        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < MinLimit or > AuditQuery.MaxLimit))
        {
            errors.Add(("limit", $"Must be a whole number from {MinLimit} to {AuditQuery.MaxLimit}, not '{AuditTrail.Clean(limit)}'."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        try
        {
            var page = await log.QueryAsync(new AuditQuery(actor, action, target, outcome, fromTime, toTime, pageSize, cursor), cancellationToken);
            return TypedResults.Ok(new AuditListResponse([.. page.Items.Select(AuditEntry.From)], page.NextCursor));
        }
        catch (InvalidCursorException ex)
        {
            return Problems.Validation("cursor", ex.Message);
        }
    }

    // A value no record can hold (PostgreSQL text refuses NUL) would otherwise fail in the database.
    private static void CheckText(string name, string? value, List<(string, string)> errors)
    {
        if (value is not null && AuditTrail.Clean(value) != value)
        {
            errors.Add((name, $"At most {AuditTrail.MaxTextLength} characters, without NUL characters."));
        }
    }

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

        errors.Add((name, $"'{AuditTrail.Clean(value)}' is not an ISO 8601 timestamp such as 2026-11-25T10:00:00Z."));
        return null;
    }
}
