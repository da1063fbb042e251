using System.Data.Common;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Automation.Engine.Execution;
using Automation.Grains.Outbound;
using Automation.Notifications;
using Automation.Secrets;
using Automation.Templates;
using Microsoft.Extensions.DependencyInjection;

namespace Automation.Grains.Handlers;

/// <summary>
/// Runs <c>notify</c> steps: reads the channel, decrypts its secrets and sends one message (webhook, Slack, or email in <c>NotifyStepHandler.Email.cs</c>). Output
/// <c>{ channel, type, status }</c>. 5xx, 408, 429, connection errors and timeouts are retried by the step's retry policy;
/// other 4xx and a missing or unreadable channel fail at once. Secret values never leave the handler: every message is
/// masked with them before it is returned.
/// </summary>
/// <param name="clients">The HTTP clients.</param>
/// <param name="connector">Opens SMTP connections under the outbound address policy.</param>
/// <param name="services">Where the channel store is found (a silo without one fails notify steps with a clear error).</param>
/// <param name="keys">The secrets key ring.</param>
/// <param name="time">The clock that signs webhook deliveries.</param>
internal sealed partial class NotifyStepHandler(IHttpClientFactory clients, OutboundConnector connector, IServiceProvider services, SecretKeyRing keys, TimeProvider time) : IStepHandler
{
    /// <summary>The header carrying a webhook delivery's signature: <c>t=&lt;unix seconds&gt;,v1=&lt;hex HMAC-SHA256&gt;</c>.</summary>
    public const string SignatureHeader = "Automation-Signature";

    /// <summary>The named HTTP client for webhook and Slack deliveries: it does not follow redirects.</summary>
    public const string ClientName = "automation-notify";

    /// <inheritdoc />
    public string Type => "notify";

    /// <inheritdoc />
    public bool HasAttemptTimeout => true;

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var name = context.With.TryGetProperty("channel", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()! : "";
        if (services.GetService<INotificationChannelStore>() is not { } store)
        {
            return StepResult.Failure("notify.not-configured", "This silo has no channel store: notify steps need PostgreSQL storage.", retryable: false);
        }

        StoredChannel? channel;
        try
        {
            channel = await store.GetAsync(name, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or StorageUnavailableException or TimeoutException)
        {
            return StepResult.Failure("notify.unavailable", $"Channel '{name}' could not be read: the database did not answer ({ex.GetType().Name}).", retryable: true);
        }

        if (channel is null)
        {
            return StepResult.Failure("notify.channel-not-found", $"Channel '{name}' does not exist: create it with PUT /api/v1/channels/{name}.", retryable: false);
        }

        Dictionary<string, string> secrets;
        try
        {
            if (!keys.IsConfigured)
            {
                throw new SecretsNotConfiguredException();
            }

            secrets = JsonSerializer.Deserialize<Dictionary<string, string>>(keys.Decrypt(ChannelTypes.SecretName(name), channel.Secrets)) ?? [];
        }
        catch (SecretsNotConfiguredException ex)
        {
            return StepResult.Failure("notify.not-configured", $"Channel '{name}' has secrets. {ex.Message}", retryable: false);
        }
        catch (SecretUnreadableException ex)
        {
            return StepResult.Failure("notify.channel-unreadable", $"Channel '{name}': {ex.Message}", retryable: false);
        }

        var redactor = new SecretRedactor(secrets.Values);
        try
        {
            var result = await SendAsync(context, channel.Metadata, secrets, cancellationToken);
            return result.Error is { } error ? result with { Error = error with { Message = redactor.Redact(error.Message) } } : result;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return StepResult.Failure("handler-error", redactor.Redact($"{ex.GetType().Name}: {ex.Message}"), retryable: true);
        }
    }

    private async Task<StepResult> SendAsync(StepContext context, ChannelMetadata channel, Dictionary<string, string> secrets, CancellationToken cancellationToken)
    {
        var (subject, body, html, failure) = await ContentAsync(context.With, cancellationToken);
        if (failure is not null)
        {
            return failure;
        }

        string url;
        string payload;
        HttpRequestMessage request;
        switch (channel.Type)
        {
            case ChannelTypes.Webhook:
                url = channel.Settings.GetProperty("url").GetString()!;
                payload = JsonSerializer.Serialize(new
                {
                    channel = channel.Name,
                    workflowId = context.WorkflowId,
                    stepId = context.StepId,
                    attempt = context.Attempt,
                    subject,
                    body,
                    data = context.With.TryGetProperty("data", out var data) ? data : (JsonElement?)null,
                });
                request = Post(url, payload);
                var timestamp = time.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
                request.Headers.TryAddWithoutValidation(SignatureHeader, $"t={timestamp},v1={Sign(secrets["signingKey"], timestamp, payload)}");
                break;
            case ChannelTypes.Slack:
                url = secrets["url"];
                // Slack refuses a header over 150 characters and a section over 3,000 (400 invalid_blocks, not
                // retried): the blocks are cut to fit, and `text` carries the whole message.
                var section = Clip(body ?? "", 3000);
                payload = JsonSerializer.Serialize(new
                {
                    text = subject is null ? body : $"{subject}\n{body}",
                    blocks = subject is null
                        ? new object[] { new { type = "section", text = new { type = "mrkdwn", text = section } } }
                        : [new { type = "header", text = new { type = "plain_text", text = Clip(subject, 150) } }, new { type = "section", text = new { type = "mrkdwn", text = section } }],
                });
                request = Post(url, payload);
                break;
            case ChannelTypes.Email:
                return await SendEmailAsync(context, channel, secrets, subject, body, html, cancellationToken);
            default:
                return StepResult.Failure("notify.unknown-type", $"Channel '{channel.Name}' has type '{channel.Type}', which this silo cannot send.", retryable: false);
        }

        using var toSend = request;
        request.Headers.TryAddWithoutValidation("Idempotency-Key", context.IdempotencyKey);
        var shown = channel.Type == ChannelTypes.Slack ? "the Slack webhook" : url;
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (OutboundAddressRefusedException.Find(ex) is { } refused)
        {
            // The outbound address policy (ADR 0019) refuses the channel's host: the next attempt meets the same policy.
            return StepResult.Failure(OutboundAddressRefusedException.ErrorType, $"Channel '{channel.Name}': POST {shown} refused: {refused.Message}", retryable: false);
        }
        catch (HttpRequestException ex) when (ex.InnerException is System.Security.Authentication.AuthenticationException)
        {
            // A certificate the silo does not trust will not be trusted on the next attempt either.
            return StepResult.Failure("notify.tls", $"Channel '{channel.Name}': POST {shown} failed the TLS handshake: {ex.InnerException.Message}", retryable: false);
        }
        catch (HttpRequestException ex)
        {
            return StepResult.Failure("connection", $"Channel '{channel.Name}': POST {shown} failed: {ex.Message}", retryable: true);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var output = JsonSerializer.SerializeToElement(new { channel = channel.Name, type = channel.Type, status });
            if (status is >= 200 and < 300)
            {
                return StepResult.Success(output);
            }

            var retryable = status is >= 500 or 408 or 429;
            return new StepResult(output, new Automation.Workflows.StepError(
                $"notify.{status}", $"Channel '{channel.Name}': POST {shown} returned {status} {response.ReasonPhrase}.", retryable));
        }
    }

    /// <summary>The message parts: the step's own (rendered by the engine), or a stored template rendered over <c>with.data</c>.</summary>
    private async Task<(string? Subject, string? Body, string? Html, StepResult? Failure)> ContentAsync(JsonElement with, CancellationToken cancellationToken)
    {
        if (Text(with, "template") is not { } name)
        {
            return (Text(with, "subject"), Text(with, "body"), Text(with, "html"), null);
        }

        int? version = with.TryGetProperty("templateVersion", out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt32() : null;
        if (services.GetService<INotificationTemplateStore>() is not { } store)
        {
            return (null, null, null, StepResult.Failure("notify.not-configured", "This silo has no template store: notify templates need PostgreSQL storage.", retryable: false));
        }

        NotificationTemplate? template;
        try
        {
            template = await store.GetAsync(name, version, cancellationToken);
        }
        catch (Exception ex) when (ex is DbException or StorageUnavailableException or TimeoutException)
        {
            return (null, null, null, StepResult.Failure("notify.unavailable", $"Template '{name}' could not be read: the database did not answer ({ex.GetType().Name}).", retryable: true));
        }

        if (template is null)
        {
            var what = version is null ? $"Template '{name}' does not exist" : $"Template '{name}' has no version {version}";
            return (null, null, null, StepResult.Failure("notify.template-not-found", $"{what}: store it with PUT /api/v1/templates/{name}.", retryable: false));
        }

        try
        {
            var (subject, body, html) = NotificationTemplates.Render(template, with.TryGetProperty("data", out var data) ? data : default);
            return (subject, body, html, null);
        }
        catch (TemplateException ex)
        {
            return (null, null, null, StepResult.Failure("template", $"Template '{name}' version {template.Version}: {ex.Message}", retryable: false));
        }
    }

    /// <summary>The webhook signature: lower-case hex HMAC-SHA256 of <c>timestamp + "." + body</c> under the signing key.</summary>
    /// <param name="key">The channel's signing key.</param>
    /// <param name="timestamp">Unix seconds, as sent in <c>t=</c>.</param>
    /// <param name="body">The exact request body.</param>
    /// <returns>The hex digest sent in <c>v1=</c>.</returns>
    public static string Sign(string key, string timestamp, string body) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(timestamp + "." + body)));

    private static HttpRequestMessage Post(string url, string payload) =>
        new(HttpMethod.Post, url) { Content = new StringContent(payload, Encoding.UTF8, "application/json") };

    private static string? Text(JsonElement with, string name) =>
        with.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? (value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText())
            : null;

    private static string Clip(string text, int max) => text.Length <= max ? text : string.Concat(text.AsSpan(0, max - 1), "…");
}
