using System.ComponentModel;
using System.Globalization;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Definitions;
using Automation.Notifications;
using Automation.Templates;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/templates</c>: versioned notification templates that <c>notify</c> steps use by name. Every PUT stores a
/// new version after checking the Fluid syntax of each part; <c>render</c> previews a version with sample data.
/// </summary>
internal static class TemplatesApi
{
    /// <summary>The longest part of a template, in characters.</summary>
    public const int MaxPartLength = 64 * 1024;

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapTemplatesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/templates").WithTags("Templates");
        group.MapPut("/{name}", PutAsync).WithName("PutTemplate")
            .WithSummary("Stores a new version of a notification template (201) after checking its Fluid syntax.")
            .Accepts<PutTemplateRequest>("application/json")
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithChannelName();
        group.MapGet("/", ListAsync).WithName("ListTemplates").WithSummary("Lists the latest version of every template, ordered by name.")
            .ProducesClusterUnavailable();
        group.MapGet("/{name}", GetAsync).WithName("GetTemplate").WithSummary("Reads the latest version of a template, or the one named by ?version=.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithChannelName();
        group.MapPost("/{name}/render", RenderAsync).WithName("RenderTemplate")
            .WithSummary("Renders a template version with sample data: the rendered subject, body and HTML, or 400 naming the template error.")
            .Accepts<RenderTemplateRequest>("application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithChannelName();
        return group;
    }

    private static async Task<Results<Created<TemplateResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The template name.")] string name, HttpContext http, INotificationTemplateStore store)
    {
        if (!ChannelNames.IsValid(name))
        {
            return InvalidName(name);
        }

        var body = await RequestJson.ReadAsync<PutTemplateRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        var errors = new List<ValidationError>();
        foreach (var (field, text) in new[] { ("$.subject", request.Subject), ("$.body", request.Body), ("$.html", request.Html) })
        {
            if (text is { Length: > MaxPartLength })
            {
                errors.Add(new ValidationError(field, $"Longer than {MaxPartLength} characters."));
            }
        }

        if (string.IsNullOrWhiteSpace(request.Body))
        {
            errors.Add(new ValidationError("$.body", "Required: the message text, a template over data."));
        }

        NotificationTemplates.Validate(request.Subject, request.Body, request.Html, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors.Select(e => (e.Path, e.Message)));
        }

        var stored = await store.AddAsync(name, request.Subject, request.Body, request.Html, http.RequestAborted);
        return TypedResults.Created($"/api/v1/templates/{name}?version={stored.Version}", TemplateResponse.FromTemplate(stored));
    }

    private static async Task<Ok<TemplateListResponse>> ListAsync(INotificationTemplateStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new TemplateListResponse([.. (await store.ListAsync(cancellationToken)).Select(TemplateResponse.FromTemplate)]));

    private static async Task<Results<Ok<TemplateResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The template name.")] string name,
        [Description("The version to read; default the latest."), FromQuery] string? version,
        INotificationTemplateStore store,
        CancellationToken cancellationToken)
    {
        if (!ChannelNames.IsValid(name))
        {
            return InvalidName(name);
        }

        int? number = null;
        if (version is not null)
        {
            if (!int.TryParse(version, NumberStyles.None, CultureInfo.InvariantCulture, out var n) || n < 1)
            {
                return Problems.Validation("version", "Must be a positive integer.");
            }

            number = n;
        }

        return await store.GetAsync(name, number, cancellationToken) is { } template
            ? TypedResults.Ok(TemplateResponse.FromTemplate(template))
            : Problems.NotFound(NotFound(name, number));
    }

    private static async Task<Results<Ok<RenderTemplateResponse>, ValidationProblem, ProblemHttpResult>> RenderAsync(
        [Description("The template name.")] string name, HttpContext http, INotificationTemplateStore store)
    {
        if (!ChannelNames.IsValid(name))
        {
            return InvalidName(name);
        }

        var body = await RequestJson.ReadAsync<RenderTemplateRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        if (request.Version is < 1)
        {
            return Problems.Validation("$.version", "Must be a positive integer.");
        }

        if (await store.GetAsync(name, request.Version, http.RequestAborted) is not { } template)
        {
            return Problems.NotFound(NotFound(name, request.Version));
        }

        try
        {
            var (subject, text, html) = NotificationTemplates.Render(template, request.Data ?? default);
            return TypedResults.Ok(new RenderTemplateResponse(template.Name, template.Version, subject, text, html));
        }
        catch (TemplateException ex)
        {
            var part = ex.Message.Split(':')[0];
            return Problems.Validation($"$.template.{part}", $"Version {template.Version}: {ex.Message[(part.Length + 2)..]}");
        }
    }

    private static string NotFound(string name, int? version) =>
        version is null ? $"No template named '{name}'." : $"Template '{name}' has no version {version}.";

    private static ValidationProblem InvalidName(string name) =>
        Problems.Validation("name", $"{JsonSerializer.Serialize(name.Length <= 64 ? name : name[..64] + "…")} is not a valid template name: {ChannelNames.Rule}.");
}
