using System.Text.Json;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>One failed attempt of a step.</summary>
/// <param name="Attempt">The 1-based attempt number.</param>
/// <param name="StartedAt">When the attempt started.</param>
/// <param name="FailedAt">When it failed.</param>
/// <param name="Error">Why it failed.</param>
/// <param name="Output">What the attempt produced anyway, e.g. the status, headers and body of a failed HTTP call; kept on the latest failure only.</param>
public sealed record AttemptFailureResponse(int Attempt, DateTimeOffset StartedAt, DateTimeOffset FailedAt, ErrorInfo Error, JsonElement? Output)
{
    /// <summary>Maps a grain record.</summary>
    /// <param name="failure">The failure.</param>
    /// <returns>The API record.</returns>
    public static AttemptFailureResponse From(AttemptFailure failure) =>
        new(failure.Attempt, failure.StartedAt, failure.FailedAt, ErrorInfo.From(failure.Error), failure.Output);
}
