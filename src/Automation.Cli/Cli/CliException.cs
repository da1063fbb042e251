namespace Automation.Cli.Cli;

/// <summary>A failure the CLI reports in one readable block and turns into an exit code.</summary>
/// <param name="message">What went wrong, for a person.</param>
/// <param name="exitCode">One of <see cref="ExitCodes"/>.</param>
internal class CliException(string message, int exitCode) : Exception(message)
{
    /// <summary>The process exit code.</summary>
    public int ExitCode { get; } = exitCode;

    /// <summary>A usage error (exit code 2): nothing was sent to the server.</summary>
    /// <param name="message">What is wrong and how to fix it.</param>
    public static CliException Usage(string message) => new(message, ExitCodes.Usage);
}
