using System.Text.Json;
using Automation.Workflows;

namespace Automation.Engine.Execution;

/// <summary>The outcome of one attempt: an output or an error.</summary>
/// <param name="Output">The output on success.</param>
/// <param name="Error">The error on failure.</param>
public sealed record StepResult(JsonElement? Output, StepError? Error)
{
    /// <summary>Whether the attempt succeeded.</summary>
    public bool Succeeded => Error is null;

    /// <summary>A successful result.</summary>
    /// <param name="output">The output.</param>
    /// <returns>The result.</returns>
    public static StepResult Success(JsonElement output) => new(output, null);

    /// <summary>A failed result.</summary>
    /// <param name="type">The error type.</param>
    /// <param name="message">The message.</param>
    /// <param name="retryable">Whether a retry can help.</param>
    /// <returns>The result.</returns>
    public static StepResult Failure(string type, string message, bool retryable) => new(null, new StepError(type, message, retryable));
}
