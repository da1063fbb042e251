namespace Automation.Grains.Handlers;

/// <summary>Where a handler runs.</summary>
internal enum StepExecutionMode
{
    /// <summary>Pure and deterministic: run inside the workflow grain's turn, persisted with the workflow's next write (no task grain, no extra write).</summary>
    Inline,

    /// <summary>Side effects or waiting: run by a task grain with retries, timeouts and its own durable record.</summary>
    Task,
}
