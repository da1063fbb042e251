using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Real silo and API processes of one cluster on one database, started the way the scripts start them, stopped and
/// their logs kept when disposed. Shared by the process-level tests.
/// </summary>
internal sealed class ProcessCluster : IAsyncDisposable
{
    private readonly string _logs = Directory.CreateTempSubdirectory("automation-system-").FullName;
    private readonly List<ServiceProcess> _processes = [];
    private readonly ITestOutputHelper _output;

    private ProcessCluster(string connectionString, string name, ITestOutputHelper output)
    {
        ConnectionString = connectionString;
        Name = name;
        _output = output;
    }

    /// <summary>The database.</summary>
    public string ConnectionString { get; }

    /// <summary>The cluster and service id.</summary>
    public string Name { get; }

    /// <summary>A cluster on a fresh database with the shipped schema.</summary>
    /// <param name="prefix">The start of the cluster name.</param>
    /// <param name="output">Where to say what started.</param>
    /// <param name="connectionString">The database; by default a new one on the shared test server.</param>
    /// <param name="name">The cluster and service id; by default the prefix and a random suffix (a restored database keeps its service id).</param>
    public static async Task<ProcessCluster> CreateAsync(string prefix, ITestOutputHelper output, string? connectionString = null, string? name = null) =>
        new(connectionString ?? await PostgresServer.CreateDatabaseAsync(), name ?? prefix + "-" + Guid.NewGuid().ToString("N")[..12], output);

    /// <summary>Starts a silo on free ports; ready means it joined the cluster.</summary>
    /// <param name="reminderPeriod">The workflow reminder period.</param>
    /// <param name="environment">More environment variables, e.g. <c>Orleans__Tls__*</c>; they win over the defaults.</param>
    public Task<ServiceProcess> StartSiloAsync(TimeSpan reminderPeriod, IReadOnlyDictionary<string, string>? environment = null) =>
        StartAsync("Automation.Silo", SiloEnvironment(reminderPeriod, environment));

    /// <summary>Starts a silo on free ports without waiting for it to join: for a silo expected not to be admitted.</summary>
    /// <param name="reminderPeriod">The workflow reminder period.</param>
    /// <param name="environment">More environment variables; they win over the defaults.</param>
    public ServiceProcess LaunchSilo(TimeSpan reminderPeriod, IReadOnlyDictionary<string, string>? environment = null)
    {
        var process = ServiceProcess.Launch("Automation.Silo", TestSilo.FreePort(), SiloEnvironment(reminderPeriod, environment), _logs);
        _processes.Add(process);
        _output.WriteLine($"Automation.Silo launched at {process.BaseUrl}, log {process.LogPath}");
        return process;
    }

    /// <summary>Starts the API and returns a client of it, signed in as the first admin.</summary>
    /// <param name="environment">More environment variables, e.g. <c>Orleans__Tls__*</c>; they win over the defaults.</param>
    public async Task<HttpClient> StartApiAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var http = await StartAnonymousApiAsync(environment);
        await TestAuth.SignInAsync(http);
        return http;
    }

    /// <summary>Starts the API without signing in: for tests that only read its open endpoints (<c>/ready</c>).</summary>
    /// <param name="environment">More environment variables; they win over the defaults.</param>
    public async Task<HttpClient> StartAnonymousApiAsync(IReadOnlyDictionary<string, string>? environment = null)
    {
        var api = await StartAsync("Automation.Api", ApiEnvironment(environment));
        return new HttpClient { BaseAddress = new Uri(api.BaseUrl), Timeout = TimeSpan.FromMinutes(2) };
    }

    private Dictionary<string, string> ApiEnvironment(IReadOnlyDictionary<string, string>? extra)
    {
        var env = Environment(TestAuth.ApiEnvironment);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return env;
    }

    /// <summary>Reads JSON, retrying while the API answers an error (503 while the cluster settles), as a client would.</summary>
    public async Task<JsonElement> GetWithRetryAsync(HttpClient http, string url)
    {
        for (var attempt = 1; ; attempt++)
        {
            using var response = await http.GetAsync(url);
            if (response.IsSuccessStatusCode)
            {
                return await response.Content.ReadFromJsonAsync<JsonElement>();
            }

            if (attempt >= 30)
            {
                throw new InvalidOperationException($"{url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}\n" + Tails());
            }

            _output.WriteLine($"{url} answered {(int)response.StatusCode}; retrying");
            await Task.Delay(1000);
        }
    }

    /// <summary>The processes started so far, in start order.</summary>
    public IReadOnlyList<ServiceProcess> Processes => _processes;

    /// <summary>The last lines of every process's log, for failure messages.</summary>
    public string Tails() => string.Join("\n", _processes.Select(p => p.Tail()));

    /// <summary>A JSON request body.</summary>
    public static StringContent Json(string json) => new(json, global::System.Text.Encoding.UTF8, "application/json");

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }
    }

    private async Task<ServiceProcess> StartAsync(string project, Dictionary<string, string> env)
    {
        var process = await ServiceProcess.StartAsync(project, TestSilo.FreePort(), env, _logs);
        _processes.Add(process);
        _output.WriteLine($"{project} ready at {process.BaseUrl}, log {process.LogPath}");
        return process;
    }

    private Dictionary<string, string> Environment(IReadOnlyDictionary<string, string>? extra = null)
    {
        var env = new Dictionary<string, string>
        {
            ["Automation__Postgres__ConnectionString"] = ConnectionString,
            ["Orleans__ClusterId"] = Name,
            ["Orleans__ServiceId"] = Name,
        };
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return env;
    }

    private Dictionary<string, string> SiloEnvironment(TimeSpan reminderPeriod, IReadOnlyDictionary<string, string>? extra)
    {
        var env = Environment();
        env["Orleans__SiloPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture);
        env["Orleans__GatewayPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture);
        env["Automation__Engine__ReminderPeriod"] = reminderPeriod.ToString("c", CultureInfo.InvariantCulture);
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return env;
    }
}
