using System.Diagnostics;

namespace Automation.Testing;

/// <summary>Runs a command to completion, optionally as another user through <c>runuser</c>.</summary>
internal static class ProcessRunner
{
    /// <summary>Runs the command and fails with its output when the exit code is not zero.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <param name="runAs">A user to run as (the caller is root), or <see langword="null"/>.</param>
    /// <returns>The standard output.</returns>
    /// <exception cref="InvalidOperationException">The command failed.</exception>
    public static async Task<string> RunAsync(string fileName, IReadOnlyList<string> arguments, string? runAs = null)
    {
        var (exitCode, output) = await ExecuteAsync(fileName, arguments, runAs).ConfigureAwait(false);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"'{fileName} {string.Join(' ', arguments)}' exited with {exitCode}:{Environment.NewLine}{output}");
        }

        return output;
    }

    /// <summary>Runs the command and tells whether it succeeded.</summary>
    /// <param name="fileName">The program.</param>
    /// <param name="arguments">Its arguments.</param>
    /// <returns><see langword="true"/> when the exit code is zero.</returns>
    public static async Task<bool> TryRunAsync(string fileName, IReadOnlyList<string> arguments)
    {
        var (exitCode, _) = await ExecuteAsync(fileName, arguments, null).ConfigureAwait(false);
        return exitCode == 0;
    }

    private static async Task<(int ExitCode, string Output)> ExecuteAsync(string fileName, IReadOnlyList<string> arguments, string? runAs)
    {
        var start = new ProcessStartInfo
        {
            FileName = runAs is null ? fileName : "runuser",
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            // runuser -u keeps the caller's working directory, which the other user may not be able to enter.
            WorkingDirectory = Path.GetTempPath(),
        };
        if (runAs is not null)
        {
            start.ArgumentList.Add("-u");
            start.ArgumentList.Add(runAs);
            start.ArgumentList.Add("--");
            start.ArgumentList.Add(fileName);
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{fileName}'.");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().ConfigureAwait(false);
        return (process.ExitCode, await stdout.ConfigureAwait(false) + await stderr.ConfigureAwait(false));
    }
}
