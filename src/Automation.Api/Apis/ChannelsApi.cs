using System.ComponentModel;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Notifications;
using Automation.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/channels</c>: where <c>notify</c> steps send messages. Secret fields (a webhook's signing key, a Slack URL)
/// are encrypted with the workflow-secrets keys (ADR 0010) and no endpoint ever returns one.
/// </summary>
internal static class ChannelsApi
{
    private const int MinKeyLength = 16;
    private const int MaxKeyLength = 1024;

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapChannelsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/channels").WithTags("Channels");
        group.MapPut("/{name}", PutAsync).WithName("PutChannel")
            .WithSummary("Creates a channel (201) or replaces it (200); its secrets are stored encrypted and never returned.")
            .Accepts<PutChannelRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithChannelName();
        group.MapGet("/", ListAsync).WithName("ListChannels").WithSummary("Lists every channel (never a secret), ordered by name.")
            .ProducesClusterUnavailable();
        group.MapGet("/{name}", GetAsync).WithName("GetChannel").WithSummary("Reads a channel (never its secrets).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithChannelName();
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteChannel")
            .WithSummary("Deletes a channel; notify steps that name it then fail with notify.channel-not-found.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithChannelName();
        return group;
    }

    private static async Task<Results<Created<ChannelResponse>, Ok<ChannelResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The channel name.")] string name, HttpContext http, INotificationChannelStore store, SecretKeyRing keys)
    {
        if (!ChannelNames.IsValid(name))
        {
            return InvalidName(name);
        }

        var body = await RequestJson.ReadAsync(http, sensitive: true);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var errors = new List<(string Field, string Message)>();
        var request = Read(body.Value, errors);
        if (request is null || errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (!keys.IsConfigured)
        {
            return Problems.SecretsNotConfigured();
        }

        var (type, settings, secrets) = request.Value;
        var stored = await store.PutAsync(name, type, settings, keys.Encrypt(ChannelTypes.SecretName(name), JsonSerializer.Serialize(secrets)), http.RequestAborted);
        var response = ChannelResponse.From(stored);
        return stored.Version == 1
            ? TypedResults.Created($"/api/v1/channels/{name}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Ok<ChannelListResponse>> ListAsync(INotificationChannelStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ChannelListResponse([.. (await store.ListAsync(cancellationToken)).Select(ChannelResponse.From)]));

    private static async Task<Results<Ok<ChannelResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The channel name.")] string name, INotificationChannelStore store, CancellationToken cancellationToken)
    {
        if (!ChannelNames.IsValid(name))
        {
            return InvalidName(name);
        }

        return await store.GetAsync(name, cancellationToken) is { } stored
            ? TypedResults.Ok(ChannelResponse.From(stored.Metadata))
            : Problems.NotFound($"No channel named '{name}'.");
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The channel name.")] string name, INotificationChannelStore store, CancellationToken cancellationToken)
    {
        if (!ChannelNames.IsValid(name))
        {
            return InvalidName(name);
        }

        return await store.DeleteAsync(name, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No channel named '{name}'.");
    }

    private static ValidationProblem InvalidName(string name) =>
        Problems.Validation("name", $"{JsonSerializer.Serialize(name.Length <= 64 ? name : name[..64] + "…")} is not a valid channel name: {ChannelNames.Rule}.");

    /// <summary>Splits a body into the type, the plain settings and the secret fields; adds an error per bad field. Messages never quote a secret.</summary>
    private static (string Type, JsonElement Settings, Dictionary<string, string> Secrets)? Read(JsonElement body, List<(string Field, string Message)> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("$", "The body must be a JSON object such as {\"type\": \"webhook\", \"url\": \"https://…\", \"signingKey\": \"…\"}."));
            return null;
        }

        foreach (var p in body.EnumerateObject().Where(p => p.Name is not ("type" or "url" or "signingKey")))
        {
            errors.Add(($"$.{p.Name}", $"Unknown property '{p.Name}'. Allowed: type, url, signingKey."));
        }

        var type = body.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is null || !ChannelTypes.All.Contains(type))
        {
            errors.Add(("$.type", type is null
                ? $"Required: the channel type, one of {string.Join(", ", ChannelTypes.All)}."
                : $"Unknown channel type {JsonSerializer.Serialize(type)}. Allowed: {string.Join(", ", ChannelTypes.All)}."));
            return null;
        }

        var url = body.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        if (!ChannelNames.IsHttpUrl(url))
        {
            // A Slack URL is a secret: say what is wrong without quoting it.
            errors.Add(("$.url", url is null ? "Required: the absolute http:// or https:// URL to POST to." : "Must be an absolute http:// or https:// URL."));
        }

        var key = body.TryGetProperty("signingKey", out var k) ? k : default;
        if (type == ChannelTypes.Webhook)
        {
            if (key.ValueKind != JsonValueKind.String)
            {
                errors.Add(("$.signingKey", "Required: the HMAC-SHA256 key receivers verify the Automation-Signature header with, a string."));
            }
            else if (key.GetString()!.Length is < MinKeyLength or > MaxKeyLength)
            {
                errors.Add(("$.signingKey", $"Must be {MinKeyLength}–{MaxKeyLength} characters long."));
            }
        }
        else if (key.ValueKind != JsonValueKind.Undefined)
        {
            errors.Add(("$.signingKey", $"Only webhook channels have a signing key; a {type} channel has none."));
        }

        if (errors.Count > 0)
        {
            return null;
        }

        return type == ChannelTypes.Webhook
            ? (type, JsonSerializer.SerializeToElement(new { url }), new Dictionary<string, string> { ["signingKey"] = key.GetString()! })
            : (type, JsonSerializer.SerializeToElement(new { }), new Dictionary<string, string> { ["url"] = url! });
    }
}
