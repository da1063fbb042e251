using System.ComponentModel;
using System.Globalization;
using System.Text.RegularExpressions;
using Automation.Alerts;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/alerts</c>: alerts raised by sources (monitored services first), read from PostgreSQL; acknowledge,
/// resolve and the routes go through the alert manager grain, which also delivers the messages.
/// </summary>
internal static partial class AlertsApi
{
    private const int MinLimit = 1;
    private const int MaxLimit = 500;
    private const int DefaultLimit = 50;

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapAlertsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/alerts").WithTags("Alerts");
        group.MapGet("/", ListAsync).WithName("ListAlerts")
            .WithSummary("Lists alerts, newest first (open and recent), with filters by status, severity, source and time, in pages.")
            .WithParameterSchema("status", ParameterSchemas.EnumOf<AlertStatus>())
            .WithParameterSchema("severity", ParameterSchemas.EnumOf<AlertSeverity>())
            .ProducesClusterUnavailable();
        group.MapGet("/routes", GetRoutesAsync).WithName("GetAlertRoutes")
            .WithSummary("Reads where alerts go: channels, minimum severity, escalation and template.")
            .ProducesClusterUnavailable();
        group.MapPut("/routes", PutRoutesAsync).WithName("PutAlertRoutes")
            .WithSummary("Sets where alerts go: channels for raised and resolved alerts, the minimum severity delivered, and escalation of unacknowledged alerts.")
            .Accepts<PutAlertRoutesRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable();
        group.MapGet("/{id}", GetAsync).WithName("GetAlert")
            .WithSummary("Reads an alert with who acknowledged and resolved it and every message sent about it.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithAlertId();
        group.MapPost("/{id}/acknowledge", AcknowledgeAsync).WithName("AcknowledgeAlert")
            .WithSummary("Acknowledges an open alert (no escalation after it), recording who and when; idempotent.")
            .Accepts<AlertActionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithAlertId();
        group.MapPost("/{id}/resolve", ResolveAsync).WithName("ResolveAlert")
            .WithSummary("Resolves an alert, recording who and when, and sends the resolved message once; a second call answers the resolved alert.")
            .Accepts<AlertActionRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithAlertId();
        return group;
    }

    private static RouteHandlerBuilder WithAlertId(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("id", ParameterSchemas.Pattern("^[0-9a-f]{32}$", 32));

    private static bool IsAlertId(string id) => AlertId().IsMatch(id);

    private static ValidationProblem InvalidId() => Problems.Validation("id", "Not an alert id: 32 lower-case hex digits.");

    private static ProblemHttpResult NotFound(string id) => Problems.NotFound($"No alert with id '{id}'.");

    // Every parameter is bound as a string and parsed here, so that a bad value is a 400 naming it.
    private static async Task<Results<Ok<AlertListResponse>, ValidationProblem>> ListAsync(
        [Description("Only alerts in this status: open, acknowledged or resolved.")] string? status,
        [Description("Only alerts of this severity: info, warning or critical.")] string? severity,
        [Description("Only alerts from this kind of source, e.g. service.")] string? sourceKind,
        [Description("Only alerts from this source, e.g. a service name.")] string? source,
        [Description("Only alerts raised at or after this time (ISO 8601; UTC when no offset is given).")] string? since,
        [Description("Page size (1 to 500, default 50).")] string? limit,
        [Description("The nextCursor of the previous page; pass the same filters with it.")] string? cursor,
        IAlertStore store, CancellationToken cancellationToken)
    {
        var errors = new List<(string, string)>();
        var statusFilter = ParseEnum<AlertStatus>("status", status, errors);
        var severityFilter = ParseEnum<AlertSeverity>("severity", severity, errors);
        if (sourceKind is { Length: > 100 })
        {
            errors.Add(("sourceKind", "At most 100 characters."));
        }

        if (source is { Length: > 200 })
        {
            errors.Add(("source", "At most 200 characters."));
        }

        DateTimeOffset? sinceTime = null;
        if (since is not null)
        {
            if (DateTimeOffset.TryParse(since, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t))
            {
                sinceTime = t;
            }
            else
            {
                errors.Add(("since", $"'{since}' is not an ISO 8601 timestamp such as 2026-11-25T10:00:00Z."));
            }
        }

        var pageSize = DefaultLimit;
        if (limit is not null && (!int.TryParse(limit, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < MinLimit or > MaxLimit))
        {
            errors.Add(("limit", $"Must be a whole number from {MinLimit} to {MaxLimit}, not '{limit}'."));
        }

        long? before = null;
        if (cursor is not null)
        {
            if (long.TryParse(cursor, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c > 0)
            {
                before = c;
            }
            else
            {
                errors.Add(("cursor", "Not a cursor from a previous page's nextCursor."));
            }
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var page = await store.ListAsync(new AlertQuery(statusFilter, severityFilter, sourceKind, source, sinceTime, before, pageSize), cancellationToken);
        return TypedResults.Ok(new AlertListResponse(
            [.. page.Items.Select(AlertResponse.From)],
            page.Next?.ToString(CultureInfo.InvariantCulture)));
    }

    private static async Task<Results<Ok<AlertResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The alert id.")] string id, IAlertStore store, CancellationToken cancellationToken)
    {
        if (!IsAlertId(id))
        {
            return InvalidId();
        }

        return await store.GetAsync(id, cancellationToken) is { } alert ? TypedResults.Ok(AlertResponse.From(alert)) : NotFound(id);
    }

    private static TEnum? ParseEnum<TEnum>(string name, string? value, List<(string, string)> errors)
        where TEnum : struct, Enum
    {
        if (value is null)
        {
            return null;
        }

        if (Enum.TryParse<TEnum>(value, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(value, out _))
        {
            return parsed;
        }

        errors.Add((name, $"'{value}' is not a {name}. Use one of {string.Join(", ", Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}."));
        return null;
    }

    [GeneratedRegex("^[0-9a-f]{32}$", RegexOptions.CultureInvariant)]
    private static partial Regex AlertId();
}
