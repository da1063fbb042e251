using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Automation.System.Tests;

/// <summary>
/// A sample agent as a real process: <c>samples/python-agent/agent.py</c> under <c>python3</c>, which prints one JSON line
/// per event (registered, leased, completed…) that <see cref="WaitForEventAsync"/> awaits, or the DocsAgent sample
/// under <c>dotnet</c>. <see cref="Kill"/> is SIGKILL: no report, no goodbye; <see cref="StopAsync"/> is SIGTERM.
/// </summary>
internal sealed class AgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private AgentProcess(Process process) => _process = process;

    /// <summary>Every line the agent printed, stdout and stderr.</summary>
    public string Output => string.Join("\n", _lines);

    /// <summary>Starts the Python agent against <paramref name="serverUrl"/> with <paramref name="apiKey"/> and the other arguments.</summary>
    public static AgentProcess StartPython(string serverUrl, string apiKey, params string[] args)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { "-u", Path.Combine(RepositoryRoot(), "samples", "python-agent", "agent.py"), "--server", serverUrl, "--api-key", apiKey },
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Start(start);
    }

    /// <summary>
    /// Starts the DocsAgent sample from its own build output (same configuration as the tests) the way its README
    /// line does: the server URL from <c>AUTOMATION_SERVER_URL</c>, the key from <c>--api-key</c>.
    /// </summary>
    public static AgentProcess StartDocsAgent(string serverUrl, string apiKey)
    {
        // .../bin/{Configuration}/net10.0/ of the tests names the configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var output = Path.Combine(RepositoryRoot(), "samples", "DocsAgent", "bin", configuration, "net10.0");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            ArgumentList = { Path.Combine(output, "DocsAgent.dll"), "--api-key", apiKey, "--name", "docs-process" },
            WorkingDirectory = output,
            Environment = { ["AUTOMATION_SERVER_URL"] = serverUrl, ["Logging__LogLevel__Default"] = "Information" },
        };
        return Start(start);
    }

    /// <summary>Sends SIGTERM and waits for the process to exit.</summary>
    /// <returns>The exit code.</returns>
    public async Task<int> StopAsync(TimeSpan hangGuard)
    {
        using (var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", _process.Id.ToString(global::System.Globalization.CultureInfo.InvariantCulture) } })!)
        {
            await kill.WaitForExitAsync();
        }

        return await WaitForExitAsync(hangGuard);
    }

    private static AgentProcess Start(ProcessStartInfo start)
    {
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var agent = new AgentProcess(process);
        process.OutputDataReceived += (_, e) => agent.Add(e.Data);
        process.ErrorDataReceived += (_, e) => agent.Add(e.Data);
        process.Exited += (_, _) => agent.Pulse();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return agent;
    }

    /// <summary>The first event line named <paramref name="name"/>, as JSON; fails if the agent exits first.</summary>
    public async Task<JsonElement> WaitForEventAsync(string name, TimeSpan hangGuard)
    {
        using var timeout = new CancellationTokenSource(hangGuard);
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                changed = _changed.Task;
            }

            foreach (var line in _lines)
            {
                if (line.StartsWith('{') && JsonDocument.Parse(line).RootElement is var json
                    && json.TryGetProperty("event", out var e) && e.GetString() == name)
                {
                    return json;
                }
            }

            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The agent exited ({_process.ExitCode}) before '{name}':\n{Output}");
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"The agent printed no '{name}' event:\n{Output}");
            }
        }
    }

    /// <summary>Waits for the agent to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan hangGuard)
    {
        await _process.WaitForExitAsync().WaitAsync(hangGuard);
        return _process.ExitCode;
    }

    /// <summary>SIGKILL.</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Automation.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Automation.sln not found above " + AppContext.BaseDirectory);
    }

    private void Add(string? line)
    {
        if (line is not null)
        {
            _lines.Enqueue(line);
            Pulse();
        }
    }

    private void Pulse()
    {
        TaskCompletionSource changed;
        lock (_gate)
        {
            changed = _changed;
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        changed.TrySetResult();
    }
}
