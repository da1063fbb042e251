using System.Diagnostics;
using System.Globalization;

namespace Automation.Testing;

/// <summary>
/// A real Automation process (silo or API) started from the build output with <c>dotnet</c>, its output in a log file.
/// It runs as <c>scripts/system.sh</c> runs it: the output folder is the content root (and the working directory),
/// so the <c>appsettings.json</c> shipped beside the DLL applies, log levels included.
/// <see cref="Kill"/> is SIGKILL (<c>kill -9</c>): no shutdown code runs. <see cref="StopAsync"/> is SIGTERM.
/// </summary>
public sealed class ServiceProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StreamWriter _log;

    private ServiceProcess(Process process, StreamWriter log, string logPath, string baseUrl)
    {
        _process = process;
        _log = log;
        LogPath = logPath;
        BaseUrl = baseUrl;
    }

    /// <summary>The process's HTTP base URL.</summary>
    public string BaseUrl { get; }

    /// <summary>Where stdout and stderr go.</summary>
    public string LogPath { get; }

    /// <summary>Whether the process is still running.</summary>
    public bool IsRunning => !_process.HasExited;

    /// <summary>The exit code once the process has exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Waits until the process exits by itself (e.g. start-up refused), killing it if it has not within <paramref name="timeout"/>.</summary>
    /// <param name="timeout">How long to wait.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cancel = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cancel.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{BaseUrl} did not exit within {timeout}:\n{Tail()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Starts <c>src/{project}/bin/{configuration}/net10.0/{project}.dll</c> and waits until <c>/ready</c> answers 200.</summary>
    /// <param name="project">Automation.Silo or Automation.Api.</param>
    /// <param name="httpPort">The HTTP port.</param>
    /// <param name="environment">Environment variables (configuration).</param>
    /// <param name="logDirectory">Where to write the log.</param>
    /// <returns>The ready process.</returns>
    public static async Task<ServiceProcess> StartAsync(string project, int httpPort, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        for (var attempt = 1; ; attempt++)
        {
            var service = Launch(project, httpPort, environment, logDirectory);
            try
            {
                await service.WaitReadyAsync();
                return service;
            }
            catch (InvalidOperationException) when (attempt < 3
                && service.ReadLog().Contains($"127.0.0.1:{httpPort}: address already in use", StringComparison.Ordinal))
            {
                // Another test process took the free port between choosing it and binding it: the harness's race, not
                // the host's. Start again on another port (its log stays for the record).
                await service.DisposeAsync();
                httpPort = TestSilo.FreePort();
            }
        }
    }

    /// <summary>Starts the process like <see cref="StartAsync"/> but returns at once, without waiting for <c>/ready</c>: for a process expected not to become ready.</summary>
    /// <param name="project">Automation.Silo or Automation.Api.</param>
    /// <param name="httpPort">The HTTP port.</param>
    /// <param name="environment">Environment variables (configuration).</param>
    /// <param name="logDirectory">Where to write the log.</param>
    /// <returns>The started process.</returns>
    public static ServiceProcess Launch(string project, int httpPort, IReadOnlyDictionary<string, string> environment, string logDirectory) =>
        LaunchDll(ProjectDll(project), httpPort, environment, logDirectory);

    /// <summary>Starts a host from any output folder (e.g. a <c>dotnet publish</c> output) and waits until <c>/ready</c> answers 200.</summary>
    /// <param name="dll">The host's DLL; its folder is the content root and working directory.</param>
    /// <param name="httpPort">The HTTP port.</param>
    /// <param name="environment">Environment variables (configuration).</param>
    /// <param name="logDirectory">Where to write the log.</param>
    /// <returns>The ready process.</returns>
    public static async Task<ServiceProcess> StartDllAsync(string dll, int httpPort, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var service = LaunchDll(dll, httpPort, environment, logDirectory);
        await service.WaitReadyAsync();
        return service;
    }

    /// <summary>Starts a host from any output folder and returns at once.</summary>
    /// <param name="dll">The host's DLL; its folder is the content root and working directory.</param>
    /// <param name="httpPort">The HTTP port.</param>
    /// <param name="environment">Environment variables (configuration).</param>
    /// <param name="logDirectory">Where to write the log.</param>
    /// <returns>The started process.</returns>
    public static ServiceProcess LaunchDll(string dll, int httpPort, IReadOnlyDictionary<string, string> environment, string logDirectory)
    {
        var project = Path.GetFileNameWithoutExtension(dll);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the solution in the same configuration as the tests.", dll);
        }

        var baseUrl = $"http://127.0.0.1:{httpPort}";
        var output = Path.GetDirectoryName(dll)!;
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root defaults to the working directory; name it so that appsettings.json is found either way.
            ArgumentList = { dll, "--contentRoot", output, "--urls", baseUrl },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = output,
        };
        if (project == "Automation.Silo" && !environment.Keys.Any(k => k.StartsWith("Automation__Outbound__", StringComparison.Ordinal)))
        {
            // Receivers and targets listen on loopback: allowed explicitly, as test clusters do (ADR 0019).
            foreach (var (key, value) in TestOutbound.Environment)
            {
                start.Environment[key] = value;
            }
        }

        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        var logPath = Path.Combine(logDirectory, $"{project}-{httpPort}.log");
        var log = new StreamWriter(logPath) { AutoFlush = true };
        var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => Write(log, e.Data);
        process.ErrorDataReceived += (_, e) => Write(log, e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new ServiceProcess(process, log, logPath, baseUrl);
    }

    /// <summary>Kills the process at once with SIGKILL.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>
    /// Stops the process gracefully with SIGTERM (as <c>scripts/system.sh stop</c> does) and waits until it has exited
    /// and its output is in the log.
    /// </summary>
    /// <param name="timeout">How long to wait for the exit before failing; the process is then killed.</param>
    /// <returns>The exit code.</returns>
    public async Task<int> StopAsync(TimeSpan timeout)
    {
        if (!_process.HasExited)
        {
            using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(CultureInfo.InvariantCulture) } })!)
            {
                await kill.WaitForExitAsync();
            }

            using var cancel = new CancellationTokenSource(timeout);
            try
            {
                await _process.WaitForExitAsync(cancel.Token);
            }
            catch (OperationCanceledException)
            {
                Kill();
                throw new TimeoutException($"{BaseUrl} did not exit within {timeout} of SIGTERM:\n{Tail()}");
            }
        }

        // WaitForExitAsync returns once redirected output has been read to its end.
        return _process.ExitCode;
    }

    /// <summary>The whole log so far.</summary>
    /// <returns>The text.</returns>
    public string ReadLog()
    {
        lock (_log)
        {
            _log.Flush();
        }

        using var stream = new FileStream(LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>The last lines of the log, for failure messages.</summary>
    /// <param name="lines">How many.</param>
    /// <returns>The text.</returns>
    public string Tail(int lines = 40) => string.Join('\n', ReadLog().Split('\n').TakeLast(lines));

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await _log.DisposeAsync();
    }

    private async Task WaitReadyAsync()
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{BaseUrl} exited with {_process.ExitCode} during start-up:\n{Tail()}");
            }

            try
            {
                using var response = await http.GetAsync(BaseUrl + "/ready");
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Slow to answer while starting.
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"{BaseUrl} was not ready within 2 minutes:\n{Tail()}");
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is not null)
        {
            lock (log)
            {
                try
                {
                    log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // A line that arrives after the log was closed (a process that exited by itself, disposed before
                    // its last output was read) is dropped: an exception on this callback's thread would crash the
                    // test host, and with it every result of the test run.
                }
            }
        }
    }

    /// <summary>The repository root (the folder holding Automation.sln).</summary>
    /// <returns>The path.</returns>
    public static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Automation.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Automation.sln not found above " + AppContext.BaseDirectory);
    }

    /// <summary>The built assembly of a service project, in the same configuration as the running tests.</summary>
    /// <param name="project">Automation.Silo or Automation.Api.</param>
    /// <returns>The path of <c>src/{project}/bin/{configuration}/net10.0/{project}.dll</c>.</returns>
    public static string ProjectDll(string project) =>
        Path.Combine(RepositoryRoot(), "src", project, "bin", BuildConfiguration(), "net10.0", project + ".dll");

    private static string BuildConfiguration()
    {
        // .../bin/{Configuration}/net10.0/ : the tests run from the same configuration as the services they start.
        var dir = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        return dir.Parent!.Name;
    }
}
