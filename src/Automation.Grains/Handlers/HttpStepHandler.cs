using System.Data.Common;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Automation.Definitions;
using Automation.Engine.Definitions;
using Automation.Engine.Execution;
using Automation.Engine.Steps;
using Automation.Grains.Outbound;
using Automation.Secrets;

namespace Automation.Grains.Handlers;

/// <summary>
/// Runs <c>http</c> steps: sends one request with an <c>Idempotency-Key</c> header. Output <c>{ status, headers, body }</c>, the body parsed when it is JSON.
/// 2xx/3xx succeed (override with <c>successStatus</c>); 5xx, 408, 429, connection errors and timeouts are retried (override with <c>retryStatus</c>); other statuses fail at once.
/// Secret placeholders (<c>{{ secrets.NAME }}</c>) in the URL, headers and body are replaced by their values just before
/// sending; every value used is masked (<c>***</c>) in the output and the error before they leave the handler.
/// </summary>
internal sealed class HttpStepHandler(IHttpClientFactory clients, SecretVault secrets) : IStepHandler
{
    /// <summary>The named HttpClient this handler uses.</summary>
    public const string ClientName = "automation-http-steps";

    /// <summary>Largest response body kept as step output; larger bodies fail the step (outputs live in workflow state).</summary>
    public const int MaxResponseBytes = 1 << 20;

    private static readonly HashSet<string> ContentHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Allow", "Content-Disposition", "Content-Encoding", "Content-Language", "Content-Length", "Content-Location",
        "Content-MD5", "Content-Range", "Content-Type", "Expires", "Last-Modified",
    };

    /// <summary>The step type this handler runs.</summary>
    public const string TypeName = "http";

    /// <inheritdoc />
    public string Type => TypeName;

    /// <inheritdoc />
    public bool HasAttemptTimeout => true;

    /// <inheritdoc />
    public async Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken)
    {
        var names = SecretPlaceholders.Count(context.With).Keys.Order(StringComparer.Ordinal).ToList();
        if (names.Count == 0)
        {
            return await SendAsync(context.With, context.With, context.IdempotencyKey, cancellationToken);
        }

        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var (value, failure) = await ReadSecretAsync(name, cancellationToken);
            if (failure is not null)
            {
                return failure;
            }

            values[name] = value!;
        }

        // From here on the values are in memory only: whatever leaves (output, error) is masked, and an exception is
        // turned into a masked result here rather than reaching the attempt runner's log with a value in its message.
        var redactor = new SecretRedactor(values.Values);
        try
        {
            var result = await SendAsync(SecretPlaceholders.Replace(context.With, values), context.With, context.IdempotencyKey, cancellationToken);
            return new StepResult(
                result.Output is { } output ? redactor.Redact(output) : null,
                result.Error is { } error ? error with { Message = redactor.Redact(error.Message) } : null);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return StepResult.Failure("handler-error", redactor.Redact($"{ex.GetType().Name}: {ex.Message}"), retryable: true);
        }
    }

    /// <summary>Reads one secret's value, or the failure that ends the attempt (named after the secret, never showing a value).</summary>
    private async Task<(string? Value, StepResult? Failure)> ReadSecretAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            return await secrets.GetValueAsync(name, cancellationToken) is { } value
                ? (value, null)
                : (null, StepResult.Failure("secret.not-found", $"Secret '{name}' does not exist: create it with PUT /api/v1/secrets/{name}.", retryable: false));
        }
        catch (SecretsNotConfiguredException ex)
        {
            return (null, StepResult.Failure("secret.not-configured", $"The step uses secret '{name}'. {ex.Message}", retryable: false));
        }
        catch (SecretUnreadableException ex)
        {
            return (null, StepResult.Failure("secret.unreadable", ex.Message, retryable: false));
        }
        catch (Exception ex) when (ex is DbException or StorageUnavailableException or TimeoutException)
        {
            return (null, StepResult.Failure("secret.unavailable", $"Secret '{name}' could not be read: the database did not answer ({ex.GetType().Name}).", retryable: true));
        }
    }

    /// <summary>Sends the request described by <paramref name="with"/>; messages show the URL as written (<paramref name="display"/>: placeholders, not values).</summary>
    private async Task<StepResult> SendAsync(JsonElement with, JsonElement display, string idempotencyKey, CancellationToken cancellationToken)
    {
        var errors = new List<ValidationError>();
        var url = with.TryGetProperty("url", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        var shownUrl = display.TryGetProperty("url", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
        if (!HttpStepKind.IsHttpUrl(url))
        {
            return StepResult.Failure("invalid-input", $"with.url '{shownUrl}' is not an absolute http:// or https:// URL.", retryable: false);
        }

        var method = (JsonChecks.OptionalString(with, "method", "with", errors) ?? "GET").ToUpperInvariant();
        var success = with.TryGetProperty("successStatus", out var s) ? StatusMatcher.Parse(s, "with.successStatus", errors) : StatusMatcher.DefaultSuccess;
        var retry = with.TryGetProperty("retryStatus", out var r) ? StatusMatcher.Parse(r, "with.retryStatus", errors) : StatusMatcher.DefaultRetry;
        if (errors.Count > 0 || success is null || retry is null || !HttpStepKind.Methods.Contains(method))
        {
            var detail = errors.Count > 0 ? string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}")) : $"unknown method '{method}'";
            return StepResult.Failure("invalid-input", detail, retryable: false);
        }

        HttpRequestMessage request;
        try
        {
            request = BuildRequest(method, url!, with, idempotencyKey);
        }
        catch (Exception ex) when (ex is FormatException or InvalidOperationException or ArgumentException)
        {
            // A rendered header value the HTTP stack refuses (e.g. a newline): the same input will fail again.
            return StepResult.Failure("invalid-input", $"Cannot build the request: {ex.Message}", retryable: false);
        }

        using var requestToSend = request;
        HttpResponseMessage response;
        try
        {
            response = await clients.CreateClient(ClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        }
        catch (HttpRequestException ex) when (OutboundAddressRefusedException.Find(ex) is { } refused)
        {
            // The outbound address policy (ADR 0019): retrying meets the same policy.
            return StepResult.Failure(OutboundAddressRefusedException.ErrorType, $"{method} {shownUrl} refused: {refused.Message}", retryable: false);
        }
        catch (HttpRequestException ex)
        {
            return StepResult.Failure("connection", $"{method} {shownUrl} failed: {ex.Message}", retryable: true);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var text = await ReadBodyAsync(response, cancellationToken);
            if (text is null)
            {
                return StepResult.Failure("http.response-too-large", $"{method} {shownUrl} returned a body larger than {MaxResponseBytes} bytes.", retryable: false);
            }

            var output = BuildOutput(response, text);
            if (success.Matches(status))
            {
                return StepResult.Success(output);
            }

            var retryable = retry.Matches(status);
            return new StepResult(output, new Automation.Workflows.StepError($"http.{status}", $"{method} {shownUrl} returned {status} {response.ReasonPhrase}.", retryable));
        }
    }

    private static HttpRequestMessage BuildRequest(string method, string url, JsonElement with, string idempotencyKey)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), url);
        if (with.TryGetProperty("body", out var body) && body.ValueKind != JsonValueKind.Null)
        {
            request.Content = body.ValueKind == JsonValueKind.String
                ? new StringContent(body.GetString()!, Encoding.UTF8, "text/plain")
                : new StringContent(body.GetRawText(), Encoding.UTF8, "application/json");
        }

        request.Headers.TryAddWithoutValidation("Idempotency-Key", idempotencyKey);
        if (with.TryGetProperty("headers", out var headers) && headers.ValueKind == JsonValueKind.Object)
        {
            foreach (var h in headers.EnumerateObject())
            {
                // A header set in the definition replaces ours (Idempotency-Key included). Content headers
                // (Content-Type...) belong to the body and are dropped when there is none.
                var value = h.Value.GetString() ?? "";
                if (ContentHeaders.Contains(h.Name))
                {
                    request.Content?.Headers.Remove(h.Name);
                    request.Content?.Headers.TryAddWithoutValidation(h.Name, value);
                }
                else
                {
                    request.Headers.Remove(h.Name);
                    request.Headers.TryAddWithoutValidation(h.Name, value);
                }
            }
        }

        return request;
    }

    /// <summary>Reads the body as text, or returns null when it exceeds <see cref="MaxResponseBytes"/>.</summary>
    private static async Task<string?> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        if (response.Content.Headers.ContentLength > MaxResponseBytes)
        {
            return null;
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await stream.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxResponseBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return BodyEncoding(response.Content.Headers.ContentType?.CharSet).GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static Encoding BodyEncoding(string? charset)
    {
        try
        {
            return charset is null ? System.Text.Encoding.UTF8 : System.Text.Encoding.GetEncoding(charset.Trim('"'));
        }
        catch (ArgumentException)
        {
            return System.Text.Encoding.UTF8; // An unknown charset label: UTF-8 is the web's default.
        }
    }

    private static JsonElement BuildOutput(HttpResponseMessage response, string text)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            headers[name.ToLowerInvariant()] = string.Join(", ", values);
        }

        object? body = text.Length == 0 ? null : text;
        if (text.Length > 0 && IsJson(response.Content.Headers.ContentType))
        {
            try
            {
                using var document = JsonDocument.Parse(text);
                body = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // A server that labels non-JSON as JSON: keep the text.
            }
        }

        return JsonSerializer.SerializeToElement(new { status = (int)response.StatusCode, headers, body });
    }

    private static bool IsJson(MediaTypeHeaderValue? type) =>
        type?.MediaType is { } m && (m.Equals("application/json", StringComparison.OrdinalIgnoreCase) || m.EndsWith("+json", StringComparison.OrdinalIgnoreCase));
}
