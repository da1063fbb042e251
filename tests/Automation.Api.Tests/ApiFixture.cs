using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;
using Automation.Api.Tests.Contract;
using Automation.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Hosting;

namespace Automation.Api.Tests;

/// <summary>
/// The real API (WebApplicationFactory) as an Orleans client of a real silo in the test process; both find each other
/// through the PostgreSQL membership table of a fresh database.
/// </summary>
public sealed class ApiFixture : IAsyncLifetime
{
    /// <summary>The first admin's name, created from <c>AUTOMATION_ADMIN_PASSWORD</c> at first start.</summary>
    public const string AdminUser = "admin";

    /// <summary>The first admin's password.</summary>
    public const string AdminPassword = "fixture-Passw0rd-for-tests";

    /// <summary>The signing key id the fixture configures.</summary>
    public const string KeyId = "test-k1";

    /// <summary>The signing key (base64 of 32 bytes), so tests can forge tokens with the real key.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(global::System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

    /// <summary>Body limit configured for the tests, to exercise 413 cheaply.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private WebApplicationFactory<Program> _factory = null!;

    /// <summary>JSON options matching the API (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private IHost _silo = null!;

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

    /// <summary>The fixture database's connection string, for tests that arrange data directly (users, keys, roles).</summary>
    public string ConnectionString { get; private set; } = null!;

    /// <summary>The API factory, for tests that inspect its services or derive a second API with other settings.</summary>
    public WebApplicationFactory<Program> Factory => _factory;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Target = await HttpTarget.StartAsync();
        var db = await PostgresServer.CreateDatabaseAsync();
        ConnectionString = db;
        var clusterId = "api-tests-" + Guid.NewGuid().ToString("N");
        _silo = await TestSilo.StartAsync(db, clusterId);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(web => web
            .UseSetting("Automation:Postgres:ConnectionString", db)
            .UseSetting("Automation:Api:MaxRequestBodyBytes", MaxBodyBytes.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .UseSetting("Orleans:ClusterId", clusterId)
            .UseSetting("Orleans:ServiceId", clusterId)
            .UseSetting($"Automation:Auth:SigningKeys:{KeyId}", SigningKey)
            .UseSetting("Automation:Auth:ActiveSigningKey", KeyId)
            .UseSetting("Automation:Auth:AccessTokenLifetime", "01:00:00")
            .UseSetting("AUTOMATION_ADMIN_PASSWORD", AdminPassword));
        using (var plain = _factory.CreateClient())
        {
            OpenApiDocument = await plain.GetStringAsync("/openapi/v1.json");
        }

        Contract = OpenApiContract.Parse(OpenApiDocument);
        var token = await SignInAsync(AdminUser, AdminPassword);
        Http = CreateClient("Bearer " + token);
    }

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
