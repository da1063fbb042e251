using System.Diagnostics;
using Automation.Testing;

namespace Automation.System.Tests.Cli;

/// <summary>
/// Runs the built <c>automation</c> CLI as a process, the way a person or a CI job does: its own config folder (so
/// profiles and tokens are the test's), the server from <c>AUTOMATION_SERVER</c>, standard input given by the test.
/// </summary>
internal sealed class CliRunner : IDisposable
{
    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(3);

    /// <summary>A runner with a fresh config folder.</summary>
    /// <param name="server">The API URL, or null to rely on the profile.</param>
    public CliRunner(string? server)
    {
        Server = server;
        ConfigDirectory = Directory.CreateTempSubdirectory("automation-cli-").FullName;
    }

    /// <summary>The API URL given as <c>AUTOMATION_SERVER</c>.</summary>
    public string? Server { get; }

    /// <summary>The CLI's config folder (<c>AUTOMATION_CONFIG_DIR</c>).</summary>
    public string ConfigDirectory { get; }

    /// <summary>The built CLI.</summary>
    public static string Dll => Path.Combine(Path.GetDirectoryName(ServiceProcess.ProjectDll("Automation.Cli"))!, "automation.dll");

    /// <summary>Runs <c>automation</c> with the arguments.</summary>
    /// <param name="input">Standard input, or null for none (closed at once).</param>
    /// <param name="arguments">The arguments.</param>
    /// <param name="environment">More environment variables.</param>
    public async Task<CliResult> RunAsync(string? input, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment["AUTOMATION_CONFIG_DIR"] = ConfigDirectory;
        start.Environment["NO_COLOR"] = "1";
        start.Environment.Remove("AUTOMATION_API_KEY");
        start.Environment.Remove("AUTOMATION_PROFILE");
        if (Server is not null)
        {
            start.Environment["AUTOMATION_SERVER"] = Server;
        }
        else
        {
            start.Environment.Remove("AUTOMATION_SERVER");
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }

        process.StandardInput.Close();
        using var guard = new CancellationTokenSource(HangGuard);
        try
        {
            await process.WaitForExitAsync(guard.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"automation {string.Join(' ', arguments)} did not finish within {HangGuard}:\n{await stdout}\n{await stderr}");
        }

        return new CliResult(process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs <c>automation</c> with no standard input.</summary>
    /// <param name="arguments">The arguments.</param>
    public Task<CliResult> RunAsync(params string[] arguments) => RunAsync(null, arguments);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(ConfigDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
