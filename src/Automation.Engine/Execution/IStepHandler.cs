namespace Automation.Engine.Execution;

/// <summary>Runs one attempt of a step whose kind dispatches a task (<c>http</c>, <c>delay</c>, ...). Executors do the I/O; the engine decides.</summary>
public interface IStepHandler
{
    /// <summary>The step type this executor runs.</summary>
    string Type { get; }

    /// <summary>Whether the per-attempt <c>timeout</c> applies (it does not to <c>delay</c>).</summary>
    bool HasAttemptTimeout { get; }

    /// <summary>Runs one attempt. Returns failures as results; throws only on cancellation.</summary>
    /// <param name="context">The attempt.</param>
    /// <param name="cancellationToken">Cancelled on timeout, cancel or shutdown.</param>
    /// <returns>The outcome.</returns>
    Task<StepResult> ExecuteAsync(StepContext context, CancellationToken cancellationToken);
}
