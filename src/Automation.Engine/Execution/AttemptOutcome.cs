namespace Automation.Engine.Execution;

/// <summary>What follows a finished attempt.</summary>
public enum AttemptOutcome
{
    /// <summary>The attempt succeeded: the step is complete.</summary>
    Completed,

    /// <summary>The attempt failed and another runs after the back-off.</summary>
    Retry,

    /// <summary>The attempt failed for good: not retryable, a non-retryable error type, or the last allowed attempt.</summary>
    Failed,
}
