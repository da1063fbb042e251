using System.Diagnostics;
using System.Globalization;
using System.Net;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// The images without a container engine: the build stages of Dockerfile.silo and Dockerfile.api run here
/// (<see cref="DockerfileBuildStage"/>: the same restore and publish commands on a copy of the build context), and the
/// published output starts as the runtime stage starts it, with the content root the image uses: a silo and an API
/// on PostgreSQL answer <c>/health</c> and <c>/ready</c>, the API signs in, and the images' HEALTHCHECK command
/// (<c>healthcheck</c>) answers 0 against them and 1 against a port where nothing listens.
/// </summary>
[Trait("Category", "Integration")]
public sealed class ImagePublishTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _logs = Directory.CreateTempSubdirectory("automation-image-logs-").FullName;
    private readonly List<ServiceProcess> _processes = [];
    private readonly List<string> _scratch = [];

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        foreach (var folder in _scratch)
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task DockerfileBuildStages_PublishHostsThatStartOnPostgres_AndTheHealthcheckCommandAnswers()
    {
        var siloRoot = await DockerfileBuildStage.RunAsync("Dockerfile.silo", output);
        _scratch.Add(siloRoot);
        var apiRoot = await DockerfileBuildStage.RunAsync("Dockerfile.api", output);
        _scratch.Add(apiRoot);
        var siloDll = Path.Combine(DockerfileBuildStage.Map(siloRoot, "/app/publish"), "Automation.Silo.dll");
        var apiDll = Path.Combine(DockerfileBuildStage.Map(apiRoot, "/app/publish"), "Automation.Api.dll");
        File.Exists(siloDll).Should().BeTrue();
        File.Exists(apiDll).Should().BeTrue();
        File.Exists(Path.Combine(Path.GetDirectoryName(siloDll)!, "appsettings.json")).Should().BeTrue("the image ships the appsettings beside the DLL");

        var cluster = "image-" + Guid.NewGuid().ToString("N")[..12];
        var env = new Dictionary<string, string>
        {
            ["Automation__Postgres__ConnectionString"] = await PostgresServer.CreateDatabaseAsync(),
            ["Orleans__ClusterId"] = cluster,
            ["Orleans__ServiceId"] = cluster,
            ["Orleans__SiloPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture),
            ["Orleans__GatewayPort"] = TestSilo.FreePort().ToString(CultureInfo.InvariantCulture),
        };
        var silo = await ServiceProcess.StartDllAsync(siloDll, TestSilo.FreePort(), env, _logs);
        _processes.Add(silo);
        var api = await ServiceProcess.StartDllAsync(apiDll, TestSilo.FreePort(), new Dictionary<string, string>(env.Concat(TestAuth.ApiEnvironment)), _logs);
        _processes.Add(api);

        using var http = new HttpClient { BaseAddress = new Uri(api.BaseUrl) };
        (await http.GetAsync(silo.BaseUrl + "/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await http.GetAsync("/health")).StatusCode.Should().Be(HttpStatusCode.OK);
        await TestAuth.SignInAsync(http);
        (await http.GetAsync("/api/v1/definitions")).StatusCode.Should().Be(HttpStatusCode.OK);
        File.Exists(Path.Combine(Path.GetDirectoryName(apiDll)!, "console", "index.html")).Should().BeTrue("the console stage's build is in the image");
        using var console = await http.GetAsync("/");
        console.StatusCode.Should().Be(HttpStatusCode.OK, "the image serves the web console at /");
        (await console.Content.ReadAsStringAsync()).Should().Contain("<script type=\"module\"");

        var siloCheck = await HealthcheckAsync(siloDll, silo.BaseUrl + "/health");
        siloCheck.ExitCode.Should().Be(0, siloCheck.Error);
        var apiCheck = await HealthcheckAsync(apiDll, api.BaseUrl + "/health");
        apiCheck.ExitCode.Should().Be(0, apiCheck.Error);
        var nobody = await HealthcheckAsync(siloDll, $"http://127.0.0.1:{TestSilo.FreePort()}/health");
        nobody.ExitCode.Should().Be(1, "nothing listens there");
        nobody.Error.Should().Contain("did not answer");
    }

    private static async Task<(int ExitCode, string Error)> HealthcheckAsync(string dll, string url)
    {
        using var process = Process.Start(new ProcessStartInfo("dotnet")
        {
            ArgumentList = { dll, "healthcheck", url },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        })!;
        var error = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await error);
    }
}
