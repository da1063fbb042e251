using System.Net;
using System.Text;
using Automation.Testing;

namespace Automation.System.Tests;

/// <summary>
/// The hosts started the way <c>scripts/system.sh</c> starts them (through <see cref="ServiceProcess"/>) read the
/// <c>appsettings.json</c> beside their DLL: our own and start-up lines are logged, requests and SQL commands are not.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ServiceLoggingTests : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("automation-logging-").FullName;
    private readonly List<ServiceProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        Directory.Delete(_logs, recursive: true);
    }

    [Fact]
    public async Task SiloAndApi_UnderRequests_LogAtTheShippedLevels()
    {
        var db = await PostgresServer.CreateEmptyDatabaseAsync(); // the silo migrates it: an Information line of ours
        var cluster = "logging-" + Guid.NewGuid().ToString("N")[..12];
        var env = new Dictionary<string, string>
        {
            ["Automation__Postgres__ConnectionString"] = db,
            ["Orleans__ClusterId"] = cluster,
            ["Orleans__ServiceId"] = cluster,
            ["Orleans__SiloPort"] = TestSilo.FreePort().ToString(global::System.Globalization.CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = TestSilo.FreePort().ToString(global::System.Globalization.CultureInfo.InvariantCulture),
        };
        var silo = await ServiceProcess.StartAsync("Automation.Silo", TestSilo.FreePort(), env, _logs);
        _processes.Add(silo);
        var api = await ServiceProcess.StartAsync("Automation.Api", TestSilo.FreePort(), new Dictionary<string, string>(env.Concat(TestAuth.ApiEnvironment)), _logs);
        _processes.Add(api);

        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        await DriveAsync(http, api.BaseUrl, silo.BaseUrl, "logged");
        (await silo.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);
        (await api.StopAsync(TimeSpan.FromSeconds(30))).Should().Be(0);

        ShippedLogLevels.ShouldBeApplied(silo.ReadLog(), Path.GetDirectoryName(ServiceProcess.ProjectDll("Automation.Silo"))!,
            "Automation.Postgres.SchemaMigrator", "Automation.Grains.Definitions.DefinitionGrain");
        ShippedLogLevels.ShouldBeApplied(api.ReadLog(), Path.GetDirectoryName(ServiceProcess.ProjectDll("Automation.Api"))!);
    }

    /// <summary>Requests that make both hosts handle HTTP and run SQL: a definition, a workflow to completion, a listing.</summary>
    /// <param name="http">The client.</param>
    /// <param name="api">The API's base URL.</param>
    /// <param name="silo">The silo's base URL.</param>
    /// <param name="definition">A definition name.</param>
    /// <returns>A task.</returns>
    internal static async Task DriveAsync(HttpClient http, string api, string silo, string definition)
    {
        await TestAuth.SignInAsync(http, api);
        var put = await http.PutAsync($"{api}/api/v1/definitions/{definition}",
            new StringContent("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""", Encoding.UTF8, "application/json"));
        put.StatusCode.Should().Be(HttpStatusCode.Created, await put.Content.ReadAsStringAsync());
        var start = await http.PostAsync($"{api}/api/v1/workflows",
            new StringContent($$"""{ "definition": "{{definition}}", "workflowId": "{{definition}}-1" }""", Encoding.UTF8, "application/json"));
        start.StatusCode.Should().Be(HttpStatusCode.Created, await start.Content.ReadAsStringAsync());
        var done = await http.GetStringAsync($"{api}/api/v1/workflows/{definition}-1?wait=30s");
        done.Should().Contain("Completed");
        (await http.GetStringAsync($"{api}/api/v1/workflows?limit=10")).Should().Contain($"{definition}-1");
        (await http.GetAsync($"{api}/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"{silo}/ready")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync($"{silo}/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
    }
}
