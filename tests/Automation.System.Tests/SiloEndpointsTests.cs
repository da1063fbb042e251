using System.Diagnostics;
using System.Net;
using Automation.Testing;

namespace Automation.System.Tests;

/// <summary>The silo process's operability surface: migrate command, dashboard, Prometheus metrics, health and readiness.</summary>
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
    public async Task RunningSilo_ServesDashboardMetricsHealthAndReady()
    {
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
        var api = await ServiceProcess.StartAsync("Automation.Api", TestSilo.FreePort(), env, _logs);
        _processes.Add(api);
        using var http = new HttpClient();
        var put = await http.PutAsync(api.BaseUrl + "/api/v1/definitions/metered",
            new StringContent("""{ "steps": [ { "id": "a", "type": "transform", "with": { "value": 1 } } ] }""", global::System.Text.Encoding.UTF8, "application/json"));
        var start = await http.PostAsync(api.BaseUrl + "/api/v1/workflows",
            new StringContent("""{ "definition": "metered" }""", global::System.Text.Encoding.UTF8, "application/json"));

        var dashboard = await http.GetAsync(silo.BaseUrl + "/dashboard/");
        var clusterStats = await http.GetAsync(silo.BaseUrl + "/dashboard/ClusterStats");
        var metrics = await http.GetStringAsync(silo.BaseUrl + "/metrics");
        var health = await http.GetAsync(silo.BaseUrl + "/health");
        var ready = await http.GetAsync(silo.BaseUrl + "/ready");

        put.StatusCode.Should().Be(HttpStatusCode.Created);
        start.StatusCode.Should().Be(HttpStatusCode.Created);
        dashboard.StatusCode.Should().Be(HttpStatusCode.OK);
        (await dashboard.Content.ReadAsStringAsync()).Should().Contain("<html", "the dashboard page is served");
        clusterStats.StatusCode.Should().Be(HttpStatusCode.OK);
        metrics.Should().Contain("orleans_grains").And.Contain("automation_workflows_started_total{otel_scope_name=\"Automation\",definition=\"metered\"}");
        metrics.Should().Contain("automation_workflows_completed_total{otel_scope_name=\"Automation\",definition=\"metered\"}");
        metrics.Should().Contain("automation_step_attempts_total{otel_scope_name=\"Automation\",outcome=\"success\",type=\"transform\"}");
        health.StatusCode.Should().Be(HttpStatusCode.OK);
        ready.StatusCode.Should().Be(HttpStatusCode.OK);
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
