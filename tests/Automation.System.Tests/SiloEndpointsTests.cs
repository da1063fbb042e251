using System.Diagnostics;
using System.Net;
using Automation.Testing;

namespace Automation.System.Tests;

/// <summary>
/// The silo process's operability surface: migrate command, Prometheus metrics, health and readiness; the Orleans
/// dashboard is served by the API, from the silos' dashboard grains.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SiloEndpointsTests : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("automation-endpoints-").FullName;
    private readonly List<ServiceProcess> _processes = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    [Fact]
    public async Task MigrateCommand_RunTwice_SucceedsBothTimes()
    {
        var db = await PostgresServer.CreateEmptyDatabaseAsync();

        var first = await RunSiloCommandAsync(db, "migrate");
        var second = await RunSiloCommandAsync(db, "migrate");

        first.Should().Be(0);
        second.Should().Be(0);
    }

    [Fact]
    public async Task RunningSilo_ServesMetricsHealthAndReady_AndTheDashboardOnlyThroughTheApi()
    {
        const string adminPassword = "endpoints-Passw0rd-for-tests";
        var db = await PostgresServer.CreateDatabaseAsync();
        var cluster = "endpoints-" + Guid.NewGuid().ToString("N")[..12];
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
        var api = await ServiceProcess.StartAsync("Automation.Api", TestSilo.FreePort(), new Dictionary<string, string>(env)
        {
            ["Automation__Auth__SigningKeys__k1"] = Convert.ToBase64String(global::System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            ["Automation__Auth__ActiveSigningKey"] = "k1",
            ["AUTOMATION_ADMIN_PASSWORD"] = adminPassword,
        }, _logs);
        _processes.Add(api);
        using var http = new HttpClient();
        using var admin = new HttpClient();
        admin.DefaultRequestHeaders.Authorization = new("Bearer", await SignInAsync(http, api.BaseUrl, "admin", adminPassword));
        var put = await admin.PutAsync(api.BaseUrl + "/api/v1/definitions/metered",
            new StringContent("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""", global::System.Text.Encoding.UTF8, "application/json"));
        var start = await admin.PostAsync(api.BaseUrl + "/api/v1/workflows",
            new StringContent("""{ "definition": "metered" }""", global::System.Text.Encoding.UTF8, "application/json"));

        var siloDashboard = await http.GetAsync(silo.BaseUrl + "/dashboard/");
        var siloRoot = await http.GetAsync(silo.BaseUrl + "/");
        var anonymousDashboard = await http.GetAsync(api.BaseUrl + "/dashboard/ClusterStats");
        var dashboard = await admin.GetAsync(api.BaseUrl + "/dashboard/");
        var counters = await admin.GetAsync(api.BaseUrl + "/dashboard/DashboardCounters");
        var metrics = await http.GetStringAsync(silo.BaseUrl + "/metrics");
        var health = await http.GetAsync(silo.BaseUrl + "/health");
        var ready = await http.GetAsync(silo.BaseUrl + "/ready");

        put.StatusCode.Should().Be(HttpStatusCode.Created);
        start.StatusCode.Should().Be(HttpStatusCode.Created);
        siloDashboard.StatusCode.Should().Be(HttpStatusCode.NotFound, "the silo no longer serves the dashboard");
        siloRoot.StatusCode.Should().Be(HttpStatusCode.NotFound);
        anonymousDashboard.StatusCode.Should().Be(HttpStatusCode.Unauthorized);
        dashboard.StatusCode.Should().Be(HttpStatusCode.OK);
        (await dashboard.Content.ReadAsStringAsync()).Should().Contain("<html", "the API serves the dashboard page");
        counters.StatusCode.Should().Be(HttpStatusCode.OK, "the API's dashboard reads the silo's dashboard grains: " + await counters.Content.ReadAsStringAsync());
        (await counters.Content.ReadAsStringAsync()).Should().Contain("\"totalActiveHostCount\"");
        metrics.Should().Contain("orleans_grains").And.Contain("automation_workflows_started_total{otel_scope_name=\"Automation\",definition=\"metered\"}");
        metrics.Should().Contain("automation_workflows_completed_total{otel_scope_name=\"Automation\",definition=\"metered\"}");
        metrics.Should().Contain("automation_step_attempts_total{otel_scope_name=\"Automation\",outcome=\"success\",type=\"transform\"}");
        metrics.Should().Contain("automation_alerts_open{otel_scope_name=\"Automation\",severity=\"critical\"} 0", "the silo activates the alert manager at start-up");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
    }

    /// <summary>Signs in, waiting for the API to create the first admin (it does so in the background at start).</summary>
    private static async Task<string> SignInAsync(HttpClient http, string baseUrl, string username, string password)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.PostAsync(baseUrl + "/api/v1/auth/token",
                new StringContent(global::System.Text.Json.JsonSerializer.Serialize(new { username, password }), global::System.Text.Encoding.UTF8, "application/json"));
            if (response.IsSuccessStatusCode)
            {
                using var body = global::System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
                return body.RootElement.GetProperty("accessToken").GetString()!;
            }

            if (attempt >= 50)
            {
                throw new InvalidOperationException($"Cannot sign in as {username}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            await Task.Delay(200);
        }
    }

    private static async Task<int> RunSiloCommandAsync(string db, string command)
    {
        var dll = ServiceProcess.ProjectDll("Automation.Silo");
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { dll, command }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.Environment["Automation__Postgres__ConnectionString"] = db;
        using var process = Process.Start(start)!;
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode;
    }
}
