using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Automation.Api.Tests.Contract;
using Automation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Api.Tests;

/// <summary>
/// The real API (WebApplicationFactory) as an Orleans client of a real silo in the test process; both find each other
/// through the PostgreSQL membership table of a fresh database, share <see cref="TestSecrets"/>' key, and log into
/// <see cref="Logs"/>.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    /// <summary>The first admin's name, created from <c>AUTOMATION_ADMIN_PASSWORD</c> at first start.</summary>
    public const string AdminUser = TestAuth.AdminUser;

    /// <summary>The first admin's password.</summary>
    public const string AdminPassword = TestAuth.AdminPassword;

    /// <summary>The signing key id the fixture configures.</summary>
    public const string KeyId = TestAuth.KeyId;

    /// <summary>The signing key (base64 of 32 bytes), so tests can forge tokens with the real key.</summary>
    public static readonly string SigningKey = TestAuth.SigningKey;

    /// <summary>Body limit configured for the tests, to exercise 413 cheaply.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private WebApplicationFactory<Program> _factory = null!;
    private string _database = null!;
    private string _clusterId = null!;

    /// <summary>JSON options matching the API (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private IHost _silo = null!;

    /// <summary>The API host; <c>Factory.WithWebHostBuilder(...)</c> gives a second API process of the same cluster with more settings.</summary>
    public WebApplicationFactory<Program> Factory => _factory;

    /// <summary>The fixture's database (for tests that set up users, roles or keys directly).</summary>
    public string ConnectionString => _database;

    /// <summary>Everything the silo and the API logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>An HTTP target for http steps.</summary>
    public HttpTarget Target { get; private set; } = null!;

    /// <summary>
    /// A client of the API signed in as the first admin; every response it receives is checked against the API's
    /// OpenAPI document.
    /// </summary>
    public HttpClient Http { get; private set; } = null!;

    /// <summary>The OpenAPI document the API serves at <c>/openapi/v1.json</c>, as served.</summary>
    public string OpenApiDocument { get; private set; } = null!;

    /// <summary>That document as a contract.</summary>
    public OpenApiContract Contract { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Target = await HttpTarget.StartAsync();
        _database = await PostgresServer.CreateDatabaseAsync();
        _clusterId = "api-tests-" + Guid.NewGuid().ToString("N");
        _silo = await TestSilo.StartAsync(_database, _clusterId, Logs);
        _factory = CreateApi(secrets: true);
        using (var plain = _factory.CreateClient())
        {
            OpenApiDocument = await plain.GetStringAsync("/openapi/v1.json");
        }

        Contract = OpenApiContract.Parse(OpenApiDocument);
        var token = await SignInAsync(AdminUser, AdminPassword);
        Http = CreateClient("Bearer " + token);
    }

    /// <summary>The API's services (its stores, e.g. to create a user directly).</summary>
    public IServiceProvider Services => _factory.Services;

    /// <summary>Another API on the same cluster and database, with <paramref name="settings"/> over the fixture's; dispose it.</summary>
    /// <param name="settings">Configuration keys and values.</param>
    /// <param name="environment">The host environment (the fixture's is Development).</param>
    /// <returns>The factory.</returns>
    public WebApplicationFactory<Program> WithSettings(IReadOnlyDictionary<string, string> settings, string? environment = null) =>
        _factory.WithWebHostBuilder(web =>
        {
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }

            if (environment is not null)
            {
                web.UseEnvironment(environment);
            }
        });

    /// <summary>A client of the API sending <paramref name="authorization"/> (none when null), its answers checked against the contract.</summary>
    /// <param name="authorization">The <c>Authorization</c> header value.</param>
    /// <returns>The client.</returns>
    public HttpClient CreateClient(string? authorization = null)
    {
        var client = _factory.CreateDefaultClient(new ContractValidatingHandler(Contract));
        if (authorization is not null)
        {
            client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        }

        return client;
    }

    /// <summary>Signs in and answers the access token; waits for the first admin to be created at first start.</summary>
    /// <param name="username">The user.</param>
    /// <param name="password">The password.</param>
    /// <param name="mfaCode">An MFA code.</param>
    /// <returns>The access token.</returns>
    public async Task<string> SignInAsync(string username, string password, string? mfaCode = null)
    {
        using var anonymous = CreateClient();
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            using var response = await anonymous.PostAsJsonAsync("/api/v1/auth/token", new { username, password, mfaCode });
            if (response.IsSuccessStatusCode)
            {
                return (await ReadAsync(response)).GetProperty("accessToken").GetString()!;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"Cannot sign in as {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>Creates another API host on the fixture's cluster (started on first use; dispose it).</summary>
    /// <param name="secrets">Whether it gets the secrets key; without it, the secrets feature is off.</param>
    /// <returns>The factory.</returns>
    public WebApplicationFactory<Program> CreateApi(bool secrets)
    {
        var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web =>
        {
            web.UseSetting("Automation:Postgres:ConnectionString", _database)
                .UseSetting("Automation:Api:MaxRequestBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
                .UseSetting("Orleans:ClusterId", _clusterId)
                .UseSetting("Orleans:ServiceId", _clusterId)
                .UseSetting($"Automation:Auth:SigningKeys:{KeyId}", SigningKey)
                .UseSetting("Automation:Auth:ActiveSigningKey", KeyId)
                .UseSetting("Automation:Auth:AccessTokenLifetime", "01:00:00")
                .UseSetting("AUTOMATION_ADMIN_PASSWORD", AdminPassword)
                // Every test signs in from the same address as the same few principals; HardeningTests checks the limits.
                .UseSetting("Automation:Api:RateLimits:SignInsPerMinute", "1000000")
                .UseSetting("Automation:Api:RateLimits:PermitsPerSecond", "1000000")
                .UseSetting("Automation:Api:RateLimits:Burst", "1000000")
                // Data-driven tests (the authorization matrix, the contract) call GET /events too: its stream ends soon.
                .UseSetting("Automation:Api:EventStreamMaxDuration", "00:00:01")
                .ConfigureLogging(l => Logs.AddTo(l));
            if (secrets)
            {
                foreach (var (key, value) in TestSecrets.Settings)
                {
                    web.UseSetting(key, value);
                }
            }
        });
        return factory;
    }

    /// <summary>Registers a definition through the API and fails if it is rejected.</summary>
    /// <param name="name">The name.</param>
    /// <param name="json">The document.</param>
    /// <returns>The answer.</returns>
    public async Task<HttpResponseMessage> PutDefinitionAsync(string name, string json)
    {
        var response = await Http.PutAsync($"/api/v1/definitions/{name}", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return response;
    }

    /// <summary>Posts JSON.</summary>
    /// <param name="path">The path.</param>
    /// <param name="json">The raw body.</param>
    /// <returns>The answer.</returns>
    public Task<HttpResponseMessage> PostAsync(string path, string json) =>
        Http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    /// <summary>Reads a JSON answer.</summary>
    /// <param name="response">The answer.</param>
    /// <returns>The root element.</returns>
    public static async Task<JsonElement> ReadAsync(HttpResponseMessage response) =>
        (await response.Content.ReadFromJsonAsync<JsonElement>(Json)).Clone();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        Http.Dispose();
        await _factory.DisposeAsync();
        await _silo.StopAsync();
        _silo.Dispose();
        await Target.DisposeAsync();
    }
}
