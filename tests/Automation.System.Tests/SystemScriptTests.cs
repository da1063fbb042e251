using System.Diagnostics;
using System.Globalization;
using System.Net;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// <c>scripts/system.sh</c> as a user runs it, on free ports and a private state folder (<c>AUTOMATION_STATE_DIR</c>),
/// so it never touches a developer's running system or <c>.data</c>. It starts the existing build output
/// (<c>AUTOMATION_NO_BUILD=1</c>, the tests' configuration) instead of building.
/// </summary>
[Trait("Category", "Integration")]
public sealed class SystemScriptTests(ITestOutputHelper output) : IAsyncLifetime
{
    private readonly string _state = Directory.CreateTempSubdirectory("automation-system-sh-").FullName;
    private readonly List<Process> _strangers = [];
    private Dictionary<string, string> _env = null!;
    private string _api = null!;
    private string _silo = null!;

    public Task InitializeAsync()
    {
        var apiPort = TestSilo.FreePort();
        var siloPort = TestSilo.FreePort();
        _api = $"http://127.0.0.1:{apiPort}";
        _silo = $"http://127.0.0.1:{siloPort}";
        _env = new Dictionary<string, string>
        {
            ["AUTOMATION_STATE_DIR"] = _state,
            ["AUTOMATION_API_PORT"] = Port(apiPort),
            ["AUTOMATION_SILO_PORT"] = Port(siloPort),
            ["AUTOMATION_PG_PORT"] = Port(TestSilo.FreePort()),
            ["AUTOMATION_CONFIGURATION"] = new DirectoryInfo(Path.GetDirectoryName(ServiceProcess.ProjectDll("Automation.Silo"))!).Parent!.Name,
            ["AUTOMATION_NO_BUILD"] = "1",
            ["AUTOMATION_ADMIN_PASSWORD"] = TestAuth.AdminPassword,
            ["Orleans__SiloPort"] = Port(TestSilo.FreePort()),
            ["Orleans__GatewayPort"] = Port(TestSilo.FreePort()),
        };
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        // Whatever happened, leave nothing running: the script stops only what its pid files name.
        await RunAsync("stop");
        foreach (var stranger in _strangers)
        {
            stranger.Kill();
            stranger.Dispose();
        }

        Directory.Delete(_state, recursive: true);
    }

    [Fact]
    public async Task Start_WhileRunning_RefusesAndLeavesTheRunningSystemAndItsLogsAlone()
    {
        // Stale pid files must not block a start: one names a process that is gone, one a pid now used by an
        // unrelated process (its command line is not a silo's).
        var gone = Process.Start("true")!;
        await gone.WaitForExitAsync();
        var stranger = Stranger();
        await File.WriteAllTextAsync(Path.Combine(_state, "api.pid"), Port(gone.Id) + "\n");
        await File.WriteAllTextAsync(Path.Combine(_state, "silo.pid"), Port(stranger.Id) + "\n");

        var first = await RunAsync("start");
        first.ExitCode.Should().Be(0, first.Error);
        var siloPid = await File.ReadAllTextAsync(Path.Combine(_state, "silo.pid"));
        var apiPid = await File.ReadAllTextAsync(Path.Combine(_state, "api.pid"));
        using var http = new HttpClient { Timeout = TimeSpan.FromMinutes(1) };
        await ServiceLoggingTests.DriveAsync(http, _api, _silo, "scripted");
        var siloLog = await File.ReadAllTextAsync(Path.Combine(_state, "silo.log"));
        var apiLog = await File.ReadAllTextAsync(Path.Combine(_state, "api.log"));

        var second = await RunAsync("start");

        second.ExitCode.Should().NotBe(0, "a second start must refuse while the first system runs");
        second.Error.Should().Contain($"pid {siloPid.Trim()}").And.Contain($"pid {apiPid.Trim()}").And.Contain("scripts/system.sh stop");
        (await http.GetAsync(_silo + "/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "the first silo keeps running");
        (await http.GetAsync(_api + "/ready")).StatusCode.Should().Be(HttpStatusCode.OK, "the first API keeps running");
        (await File.ReadAllTextAsync(Path.Combine(_state, "silo.pid"))).Should().Be(siloPid);
        (await File.ReadAllTextAsync(Path.Combine(_state, "api.pid"))).Should().Be(apiPid);
        (await File.ReadAllTextAsync(Path.Combine(_state, "silo.log"))).Should().StartWith(siloLog, "the running silo's log is not truncated");
        (await File.ReadAllTextAsync(Path.Combine(_state, "api.log"))).Should().StartWith(apiLog, "the running API's log is not truncated");
        stranger.HasExited.Should().BeFalse("the unrelated process named by the stale pid file is left alone");

        var stop = await RunAsync("stop");

        stop.ExitCode.Should().Be(0, stop.Error);
        stop.Output.Should().Contain($"Stopped api (pid {apiPid.Trim()})").And.Contain($"Stopped silo (pid {siloPid.Trim()})").And.Contain("PostgreSQL stopped");
        IsAlive(int.Parse(siloPid, CultureInfo.InvariantCulture)).Should().BeFalse();
        IsAlive(int.Parse(apiPid, CultureInfo.InvariantCulture)).Should().BeFalse();
        File.Exists(Path.Combine(_state, "silo.pid")).Should().BeFalse();
        File.Exists(Path.Combine(_state, "postgres", "postmaster.pid")).Should().BeFalse("start started PostgreSQL, so stop stops it");
        output.WriteLine(first.Output + second.Error + stop.Output);

        // The scripts run the hosts with their output folder as content root: the shipped log levels apply.
        ShippedLogLevels.ShouldBeApplied(await File.ReadAllTextAsync(Path.Combine(_state, "silo.log")),
            Path.GetDirectoryName(ServiceProcess.ProjectDll("Automation.Silo"))!,
            "Automation.Postgres.SchemaMigrator", "Automation.Grains.Definitions.DefinitionGrain");
        ShippedLogLevels.ShouldBeApplied(await File.ReadAllTextAsync(Path.Combine(_state, "api.log")),
            Path.GetDirectoryName(ServiceProcess.ProjectDll("Automation.Api"))!);
    }

    [Fact]
    public async Task Stop_WithPidFilesOfUnrelatedProcesses_KillsNothing()
    {
        var stranger = Stranger();
        var lookalike = Stranger("bash", "-c", "exec -a dotnet sleep 300"); // "dotnet 300": a dotnet process, not ours
        await File.WriteAllTextAsync(Path.Combine(_state, "silo.pid"), Port(stranger.Id) + "\n");
        await File.WriteAllTextAsync(Path.Combine(_state, "api.pid"), Port(lookalike.Id) + "\n");

        var stop = await RunAsync("stop");

        stop.ExitCode.Should().Be(0, stop.Error);
        stop.Output.Should().Contain("silo was not running (stale pid file removed)").And.Contain("api was not running (stale pid file removed)");
        stranger.HasExited.Should().BeFalse("a pid file naming a process that is not our silo must not get it killed");
        lookalike.HasExited.Should().BeFalse("a pid file naming a dotnet process that is not our API must not get it killed");
        File.Exists(Path.Combine(_state, "silo.pid")).Should().BeFalse();
    }

    private static string Port(int value) => value.ToString(CultureInfo.InvariantCulture);

    private static bool IsAlive(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    /// <summary>An unrelated long-running process whose pid a stale pid file may hold.</summary>
    private Process Stranger(string program = "sleep", params string[] arguments)
    {
        var start = new ProcessStartInfo(program) { UseShellExecute = false };
        foreach (var argument in arguments.Length == 0 ? ["300"] : arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        _strangers.Add(process);
        return process;
    }

    private async Task<(int ExitCode, string Output, string Error)> RunAsync(string command)
    {
        var start = new ProcessStartInfo("bash")
        {
            ArgumentList = { Path.Combine(ServiceProcess.RepositoryRoot(), "scripts", "system.sh"), command },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = ServiceProcess.RepositoryRoot(), // where a user runs it from
        };
        foreach (var (key, value) in _env)
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"scripts/system.sh {command} did not finish within 3 minutes");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
