using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Automation.Cli.Cli;
using Automation.Cli.Config;

namespace Automation.Cli.Http;

/// <summary>
/// The CLI's client of the public HTTP API: JSON in and out, the profile's credentials attached, an access token
/// refreshed before it expires (and once more after a 401), errors turned into <see cref="CliException"/>s with the
/// exit codes of <see cref="ExitCodes"/>. Every path it calls is listed in <see cref="ApiRoutes"/>, which a test checks
/// against the server's OpenAPI document.
/// </summary>
internal sealed class ApiClient : IDisposable
{
    private static readonly TimeSpan RefreshAhead = TimeSpan.FromSeconds(30);
    private readonly HttpClient _http;
    private readonly ConfigStore _store;
    private readonly string _profile;
    private readonly string? _apiKey;
    private Credentials? _credentials;
    private readonly string? _foreignCredentials;

    /// <summary>A client of <paramref name="server"/> with the credentials of <paramref name="profile"/>.</summary>
    /// <param name="server">The API's base URL.</param>
    /// <param name="store">Where credentials are kept.</param>
    /// <param name="profile">The profile whose credentials are used and refreshed.</param>
    /// <param name="apiKey">An API key that wins over the stored credentials (from <c>--api-key</c> or <c>AUTOMATION_API_KEY</c>).</param>
    /// <param name="timeout">The time limit of one request.</param>
    public ApiClient(Uri server, ConfigStore store, string profile, string? apiKey, TimeSpan timeout)
    {
        Server = server;
        _store = store;
        _profile = profile;
        _apiKey = string.IsNullOrWhiteSpace(apiKey) ? null : apiKey.Trim();
        // Credentials go only to the server that issued them: with --server or AUTOMATION_SERVER pointing elsewhere,
        // the profile's tokens are not sent (a prod token must never reach staging).
        var stored = store.LoadCredentials(profile);
        _credentials = stored is { Server: { } issuer } && !string.Equals(issuer.TrimEnd('/'), server.ToString().TrimEnd('/'), StringComparison.OrdinalIgnoreCase) ? null : stored;
        _foreignCredentials = stored is not null && _credentials is null ? stored.Server : null;
        _http = new HttpClient { BaseAddress = server, Timeout = timeout };
        _http.DefaultRequestHeaders.UserAgent.Add(new ProductInfoHeaderValue("automation-cli", typeof(ApiClient).Assembly.GetName().Version?.ToString(3) ?? "0"));
    }

    /// <summary>The API's base URL.</summary>
    public Uri Server { get; }

    /// <summary>Whether requests carry a credential.</summary>
    public bool HasCredential => _apiKey is not null || _credentials?.ApiKey is not null || _credentials?.AccessToken is not null;

    /// <summary>GETs a JSON document.</summary>
    /// <param name="path">The path and query, e.g. <c>/api/v1/workflows?limit=5</c>.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<JsonNode?> GetAsync(string path, CancellationToken cancellationToken) =>
        (await SendAsync(HttpMethod.Get, path, null, cancellationToken)).Body;

    /// <summary>Sends a request with the profile's credential and answers the successful response.</summary>
    /// <param name="method">The method.</param>
    /// <param name="path">The path and query.</param>
    /// <param name="body">The JSON body, or null for none.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    /// <param name="headers">More request headers (e.g. <c>Idempotency-Key</c>).</param>
    /// <exception cref="ApiProblemException">The server answered an error status.</exception>
    /// <exception cref="ServerUnavailableException">The server could not be reached.</exception>
    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? headers = null)
    {
        var authorization = await AuthorizationAsync(forceRefresh: false, cancellationToken);
        var response = await SendOnceAsync(method, path, body, authorization, headers, cancellationToken);
        if (response.StatusCode == HttpStatusCode.Unauthorized && authorization?.Scheme == "Bearer" && _credentials?.RefreshToken is not null)
        {
            // The token was revoked or the server's clock ran ahead of ours: renew it once and try again.
            response.Dispose();
            authorization = await AuthorizationAsync(forceRefresh: true, cancellationToken);
            response = await SendOnceAsync(method, path, body, authorization, headers, cancellationToken);
        }

        using (response)
        {
            var document = await ReadJsonAsync(response, cancellationToken);
            if (!response.IsSuccessStatusCode)
            {
                if (response.StatusCode == HttpStatusCode.Unauthorized && authorization is null)
                {
                    throw new CliException(_foreignCredentials is null
                        ? $"Not signed in to {Server}: run `automation login` (or pass --api-key / set AUTOMATION_API_KEY)."
                        : $"Not signed in to {Server}: profile '{_profile}' is signed in to {_foreignCredentials}, and its credentials are never sent to another server. Run `automation login --server {Server}` with another --profile, or pass --api-key.", ExitCodes.Auth);
                }

                throw new ApiProblemException(method, path, response.StatusCode, document);
            }

            return new ApiResponse(response.StatusCode, document, response.Headers);
        }
    }

    /// <summary>Sends a request without any credential (sign-in), answering the response whatever its status.</summary>
    /// <param name="path">The path.</param>
    /// <param name="body">The JSON body.</param>
    /// <param name="cancellationToken">Stops the request.</param>
    public async Task<(HttpStatusCode Status, JsonNode? Body)> PostAnonymousAsync(string path, JsonNode body, CancellationToken cancellationToken)
    {
        using var response = await SendOnceAsync(HttpMethod.Post, path, body, null, null, cancellationToken);
        return (response.StatusCode, await ReadJsonAsync(response, cancellationToken));
    }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();

    private async Task<AuthenticationHeaderValue?> AuthorizationAsync(bool forceRefresh, CancellationToken cancellationToken)
    {
        if (_apiKey is not null)
        {
            return new AuthenticationHeaderValue("ApiKey", _apiKey);
        }

        var credentials = _credentials;
        if (credentials?.ApiKey is not null)
        {
            return new AuthenticationHeaderValue("ApiKey", credentials.ApiKey);
        }

        if (credentials?.AccessToken is null)
        {
            return null;
        }

        var expiring = credentials.ExpiresAt is { } expiresAt && expiresAt - RefreshAhead <= DateTimeOffset.UtcNow;
        if ((forceRefresh || expiring) && credentials.RefreshToken is not null)
        {
            credentials = await RefreshAsync(credentials, cancellationToken);
        }

        return new AuthenticationHeaderValue("Bearer", credentials.AccessToken);
    }

    private async Task<Credentials> RefreshAsync(Credentials stale, CancellationToken cancellationToken)
    {
        // Refresh tokens are single use (a reused one revokes the whole sign-in), so two CLI processes of one profile
        // must not both present it: one refreshes under a lock file, the other then reads the renewed tokens.
        using var gate = await LockAsync(cancellationToken);
        var current = _store.LoadCredentials(_profile);
        if (current?.AccessToken is not null && current.AccessToken != stale.AccessToken)
        {
            _credentials = current;
            return current;
        }

        using var response = await SendOnceAsync(HttpMethod.Post, ApiRoutes.AuthRefresh.Path, new JsonObject { ["refreshToken"] = stale.RefreshToken }, null, null, cancellationToken);
        var document = await ReadJsonAsync(response, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.BadRequest)
            {
                throw new CliException($"The session of profile '{_profile}' on {Server} has expired or was revoked: sign in again with `automation login`.", ExitCodes.Auth);
            }

            throw new ApiProblemException(HttpMethod.Post, ApiRoutes.AuthRefresh.Path, response.StatusCode, document);
        }

        var renewed = TokenResponse.ToCredentials(document, stale.Subject, stale.Server);
        _store.SaveCredentials(_profile, renewed);
        _credentials = renewed;
        return renewed;
    }

    private async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        var path = _store.CredentialsPath(_profile) + ".lock";
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        // A lock file that stays (deleting it on close would let a waiter lock the unlinked file while a third process
        // creates a new one, and both would refresh).
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            }
            catch (IOException) when (attempt < 200)
            {
                await Task.Delay(50, cancellationToken);
            }
            catch (IOException e)
            {
                throw new CliException($"Another automation process has held {path} for 10 s while renewing the session ({e.Message}); try again.", ExitCodes.Failed);
            }
        }
    }

    private async Task<HttpResponseMessage> SendOnceAsync(HttpMethod method, string path, JsonNode? body, AuthenticationHeaderValue? authorization, IReadOnlyDictionary<string, string>? headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        request.Headers.Authorization = authorization;
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (body is not null)
        {
            request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        }

        try
        {
            return await _http.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            throw new ServerUnavailableException(Server, Reason(e));
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new ServerUnavailableException(Server, $"no answer within {_http.Timeout.TotalSeconds:0} s");
        }
    }

    private static string Reason(HttpRequestException e) => e.InnerException switch
    {
        SocketException socket => socket.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => "connection refused",
            SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "unknown host",
            _ => socket.Message,
        },
        AuthenticationException tls => "TLS failed: " + tls.Message,
        _ => e.Message,
    };

    private static async Task<JsonNode?> ReadJsonAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (string.IsNullOrWhiteSpace(text))
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(text);
        }
        catch (JsonException)
        {
            // Not JSON (a proxy's HTML error page, say): keep the text so the error block can show it.
            return new JsonObject { ["title"] = response.ReasonPhrase, ["detail"] = text.Length > 500 ? text[..500] + "…" : text };
        }
    }
}
