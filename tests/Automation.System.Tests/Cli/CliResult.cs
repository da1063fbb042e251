using System.Text.Json;

namespace Automation.System.Tests.Cli;

/// <summary>What one run of the <c>automation</c> CLI did.</summary>
/// <param name="ExitCode">The exit code.</param>
/// <param name="Out">Standard output.</param>
/// <param name="Error">Standard error.</param>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Standard output parsed as JSON (for <c>-o json</c>).</summary>
    public JsonElement Json() => JsonDocument.Parse(Out).RootElement.Clone();

    /// <summary>Everything, for assertion messages.</summary>
    public override string ToString() => $"exit {ExitCode}\n--- stdout\n{Out}\n--- stderr\n{Error}";
}
