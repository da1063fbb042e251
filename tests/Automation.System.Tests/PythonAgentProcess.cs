using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;

namespace Automation.System.Tests;

/// <summary>
/// <c>samples/python-agent/agent.py</c> as a real <c>python3</c> process. It prints one JSON line per event (registered,
/// leased, completed…); <see cref="WaitForEventAsync"/> awaits one. <see cref="Kill"/> is SIGKILL: no report, no goodbye.
/// </summary>
internal sealed class PythonAgentProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly Lock _gate = new();
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PythonAgentProcess(Process process) => _process = process;

    /// <summary>Every line the agent printed, stdout and stderr.</summary>
    public string Output => string.Join("\n", _lines);

    /// <summary>Starts the agent against <paramref name="serverUrl"/> with <paramref name="apiKey"/> and the other arguments.</summary>
    public static PythonAgentProcess Start(string serverUrl, string apiKey, params string[] args)
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

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var agent = new PythonAgentProcess(process);
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
                throw new InvalidOperationException($"agent.py exited ({_process.ExitCode}) before '{name}':\n{Output}");
            }

            try
            {
                await changed.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"agent.py printed no '{name}' event:\n{Output}");
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
