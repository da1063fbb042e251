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
        var response = ChannelResponse.FromMetadata(stored);
        return stored.Version == 1
            ? TypedResults.Created($"/api/v1/channels/{name}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Ok<ChannelListResponse>> ListAsync(INotificationChannelStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ChannelListResponse([.. (await store.ListAsync(cancellationToken)).Select(ChannelResponse.FromMetadata)]));

    private static async Task<Results<Ok<ChannelResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The channel name.")] string name, INotificationChannelStore store, CancellationToken cancellationToken)
    {
        if (!ChannelNames.IsValid(name))
        {
            return InvalidName(name);
        }

        return await store.GetAsync(name, cancellationToken) is { } stored
            ? TypedResults.Ok(ChannelResponse.FromMetadata(stored.Metadata))
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

    private static readonly Dictionary<string, string[]> Fields = new(StringComparer.Ordinal)
    {
        [ChannelTypes.Webhook] = ["type", "url", "signingKey"],
        [ChannelTypes.Slack] = ["type", "url"],
        [ChannelTypes.Email] = ["type", "host", "port", "security", "username", "password", "from", "to"],
    };

    private static readonly string[] SecurityModes = ["auto", "none", "starttls", "ssl"];

    /// <summary>Splits a body into the type, the plain settings and the secret fields; adds an error per bad field. Messages never quote a secret.</summary>
    private static (string Type, JsonElement Settings, Dictionary<string, string> Secrets)? Read(JsonElement body, List<(string Field, string Message)> errors)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            errors.Add(("$", "The body must be a JSON object such as {\"type\": \"webhook\", \"url\": \"https://…\", \"signingKey\": \"…\"}."));
            return null;
        }

        var type = body.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
        if (type is null || !ChannelTypes.All.Contains(type))
        {
            errors.Add(("$.type", type is null
                ? $"Required: the channel type, one of {string.Join(", ", ChannelTypes.All)}."
                : $"Unknown channel type {JsonSerializer.Serialize(type)}. Allowed: {string.Join(", ", ChannelTypes.All)}."));
            return null;
        }

        var allowed = Fields[type];
        foreach (var p in body.EnumerateObject().Where(p => !allowed.Contains(p.Name)))
        {
            errors.Add(($"$.{p.Name}", Fields.Values.Any(f => f.Contains(p.Name))
                ? $"'{p.Name}' is not a property of channels of type {type}. Allowed: {string.Join(", ", allowed)}."
                : $"Unknown property '{p.Name}'. Allowed for type {type}: {string.Join(", ", allowed)}."));
        }

        var result = type == ChannelTypes.Email ? ReadEmail(body, errors) : ReadHttp(type, body, errors);
        return errors.Count > 0 || result is null ? null : (type, result.Value.Settings, result.Value.Secrets);
    }

    private static (JsonElement Settings, Dictionary<string, string> Secrets)? ReadHttp(string type, JsonElement body, List<(string Field, string Message)> errors)
    {
        var url = body.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        if (!ChannelNames.IsHttpUrl(url))
        {
            // A Slack URL is a secret: say what is wrong without quoting it.
            errors.Add(("$.url", url is null ? "Required: the absolute http:// or https:// URL to POST to." : "Must be an absolute http:// or https:// URL."));
        }

        if (type == ChannelTypes.Slack)
        {
            return (JsonSerializer.SerializeToElement(new { }), new Dictionary<string, string> { ["url"] = url ?? "" });
        }

        var key = body.TryGetProperty("signingKey", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString() : null;
        if (key is null)
        {
            errors.Add(("$.signingKey", "Required: the HMAC-SHA256 key receivers verify the Automation-Signature header with, a string."));
        }
        else if (key.Length is < MinKeyLength or > MaxKeyLength)
        {
            errors.Add(("$.signingKey", $"Must be {MinKeyLength}–{MaxKeyLength} characters long."));
        }

        return (JsonSerializer.SerializeToElement(new { url }), new Dictionary<string, string> { ["signingKey"] = key ?? "" });
    }

    private static (JsonElement Settings, Dictionary<string, string> Secrets)? ReadEmail(JsonElement body, List<(string Field, string Message)> errors)
    {
        string? Text(string name, bool required, string what)
        {
            if (!body.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null)
            {
                if (required)
                {
                    errors.Add(($"$.{name}", $"Required: {what}."));
                }

                return null;
            }

            if (v.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(v.GetString()))
            {
                errors.Add(($"$.{name}", $"Must be a non-empty string: {what}."));
                return null;
            }

            return v.GetString();
        }

        var host = Text("host", required: true, "the SMTP server's host name");
        if (host is not null && Uri.CheckHostName(host) == UriHostNameType.Unknown)
        {
            errors.Add(("$.host", $"{JsonSerializer.Serialize(host)} is not a host name or IP address."));
        }

        var port = 587;
        if (body.TryGetProperty("port", out var p) && p.ValueKind != JsonValueKind.Null)
        {
            if (p.ValueKind != JsonValueKind.Number || !p.TryGetInt32(out port) || port is < 1 or > 65535)
            {
                errors.Add(("$.port", "Must be an integer from 1 to 65535."));
            }
        }

        var security = Text("security", required: false, "auto, none, starttls or ssl") ?? "auto";
        if (!SecurityModes.Contains(security))
        {
            errors.Add(("$.security", $"Unknown security {JsonSerializer.Serialize(security)}. Allowed: {string.Join(", ", SecurityModes)}."));
        }

        var username = Text("username", required: false, "the SMTP user name");
        var password = Text("password", required: username is not null, "the SMTP password (a username is given)");
        if (password is not null && username is null)
        {
            errors.Add(("$.password", "A password needs a username."));
        }

        var from = Text("from", required: true, "the sender address, e.g. \"Automation <automation@example.com>\"");
        if (from is not null && !System.Net.Mail.MailAddress.TryCreate(from, out _))
        {
            errors.Add(("$.from", $"{JsonSerializer.Serialize(from)} is not an email address."));
        }

        var to = new List<string>();
        if (body.TryGetProperty("to", out var list) && list.ValueKind != JsonValueKind.Null)
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                errors.Add(("$.to", "Must be an array of email addresses."));
            }
            else
            {
                var i = 0;
                foreach (var item in list.EnumerateArray())
                {
                    if (item.ValueKind != JsonValueKind.String || !System.Net.Mail.MailAddress.TryCreate(item.GetString(), out _))
                    {
                        errors.Add(($"$.to[{i}]", "Must be an email address."));
                    }
                    else
                    {
                        to.Add(item.GetString()!);
                    }

                    i++;
                }
            }
        }

        var secrets = new Dictionary<string, string>();
        if (password is not null)
        {
            secrets["password"] = password;
        }

        return (JsonSerializer.SerializeToElement(new { host, port, security, username, from, to }), secrets);
    }
}
