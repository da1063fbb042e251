using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>Why a step or workflow failed or was cancelled.</summary>
/// <param name="Type">Stable error type that retry policies match on, for example <c>timeout</c>, <c>connection</c>, <c>http.503</c>, <c>template</c> or <c>cancelled</c>.</param>
/// <param name="Message">Human-readable detail.</param>
/// <param name="Retryable">False when a retry cannot succeed (bad input, 4xx, template error).</param>
public sealed record ErrorInfo(string Type, string Message, bool Retryable)
{
    /// <summary>Maps a grain error.</summary>
    /// <param name="error">The error.</param>
    /// <returns>The API error.</returns>
    public static ErrorInfo From(StepError error) => new(error.Type, error.Message, error.Retryable);
}
