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
    /// <summary>Body limit configured for the tests, to exercise 413 cheaply.</summary>
    public const int MaxBodyBytes = 64 * 1024;

    private WebApplicationFactory<Program> _factory = null!;
    private string _database = null!;
    private string _clusterId = null!;

    /// <summary>JSON options matching the API (camelCase, enums as strings).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    private IHost _silo = null!;

    /// <summary>Everything the silo and the API logged.</summary>
    public LogCapture Logs { get; } = new();

    /// <summary>An HTTP target for http steps.</summary>
    public HttpTarget Target { get; private set; } = null!;

    /// <summary>A client of the API; every response it receives is checked against the API's OpenAPI document.</summary>
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
        Http = _factory.CreateDefaultClient(new ContractValidatingHandler(Contract));
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
