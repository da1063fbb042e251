using System.Security.Claims;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary><c>/api/v1/auth/me/preferences</c>: the caller's own notification preferences, kept on the server (per user, not per browser).</summary>
internal static class PreferencesApi
{
    private static readonly string[] Severities = ["info", "warning", "critical"];
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapPreferencesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/auth/me").WithTags("Auth");
        group.MapGet("/preferences", GetAsync).WithName("GetMyPreferences")
            .WithSummary("Reads the caller's notification preferences (the defaults until they save some).")
            .ProducesProblem(StatusCodes.Status403Forbidden);
        group.MapPut("/preferences", PutAsync).WithName("PutMyPreferences").AcceptsJson<NotificationPreferencesRequest>()
            .WithSummary("Replaces the caller's notification preferences: which events notify, the least alert severity, toasts on or off.")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType);
        return group;
    }

    private static async Task<Results<Ok<NotificationPreferencesResponse>, ProblemHttpResult>> GetAsync(
        ClaimsPrincipal user, IUserPreferencesStore store, CancellationToken cancellationToken)
    {
        if (user.FindFirstValue(SecurityClaims.Kind) != SecurityClaims.UserKind)
        {
            return NotAUser();
        }

        var stored = await store.GetAsync(user.Actor(), cancellationToken);
        if (stored is not { } found)
        {
            return TypedResults.Ok(NotificationPreferencesResponse.Defaults);
        }

        var saved = found.Preferences.Deserialize<NotificationPreferencesRequest>(Json);
        return TypedResults.Ok(Complete(saved ?? new NotificationPreferencesRequest()) with { UpdatedAt = found.UpdatedAt });
    }

    private static async Task<Results<Ok<NotificationPreferencesResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        HttpContext http, IUserPreferencesStore store, TimeProvider time)
    {
        if (http.User.FindFirstValue(SecurityClaims.Kind) != SecurityClaims.UserKind)
        {
            return NotAUser();
        }

        var body = await RequestJson.ReadAsync<NotificationPreferencesRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        if (request.MinAlertSeverity is { } severity && !Severities.Contains(severity, StringComparer.Ordinal))
        {
            return Problems.Validation("$.minAlertSeverity", "Use info, warning or critical.");
        }

        var complete = Complete(request);
        var document = JsonSerializer.SerializeToElement(
            new NotificationPreferencesRequest(complete.Toasts, complete.WorkflowFailures, complete.Alerts, complete.Approvals, complete.MinAlertSeverity), Json);
        var now = time.GetUtcNow();
        if (!await store.PutAsync(http.User.Actor(), document, now, http.RequestAborted))
        {
            return Problems.NotFound("The signed-in user no longer exists.");
        }

        return TypedResults.Ok(complete with { UpdatedAt = now });
    }

    private static NotificationPreferencesResponse Complete(NotificationPreferencesRequest request)
    {
        var defaults = NotificationPreferencesResponse.Defaults;
        return new NotificationPreferencesResponse(
            request.Toasts ?? defaults.Toasts,
            request.WorkflowFailures ?? defaults.WorkflowFailures,
            request.Alerts ?? defaults.Alerts,
            request.Approvals ?? defaults.Approvals,
            request.MinAlertSeverity is { } s && Severities.Contains(s, StringComparer.Ordinal) ? s : defaults.MinAlertSeverity);
    }

    private static ProblemHttpResult NotAUser() =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: "Only a user (not an API key) has preferences.");
}
