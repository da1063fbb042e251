using Automation.Definitions;

namespace Automation.Engine.Execution;

/// <summary>The retry policy applied to one finished attempt. Pure: the task grain and the engine tests share it.</summary>
/// <param name="Outcome">Completed, retry or failed.</param>
/// <param name="NextAttemptAt">When the next attempt may start, for <see cref="AttemptOutcome.Retry"/>.</param>
public sealed record AttemptDecision(AttemptOutcome Outcome, DateTimeOffset? NextAttemptAt)
{
    /// <summary>Decides what follows attempt <paramref name="attempt"/>.</summary>
    /// <param name="retry">The step's retry policy.</param>
    /// <param name="attempt">The 1-based attempt that finished.</param>
    /// <param name="result">Its result.</param>
    /// <param name="finishedAt">When it finished; the back-off counts from here.</param>
    /// <returns>The decision.</returns>
    public static AttemptDecision Decide(RetryPolicy retry, int attempt, StepResult result, DateTimeOffset finishedAt)
    {
        if (result.Succeeded)
        {
            return new AttemptDecision(AttemptOutcome.Completed, null);
        }

        var error = result.Error!;
        return !error.Retryable || retry.IsNonRetryable(error.Type) || attempt >= retry.MaxAttempts
            ? new AttemptDecision(AttemptOutcome.Failed, null)
            : new AttemptDecision(AttemptOutcome.Retry, finishedAt + retry.BackoffAfter(attempt));
    }
}
