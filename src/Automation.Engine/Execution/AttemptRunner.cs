using Automation.Tasks;

namespace Automation.Engine.Execution;

/// <summary>Runs one attempt of a task step: applies the per-attempt timeout and turns executor crashes into retryable errors.</summary>
/// <param name="time">The clock timeouts are measured on.</param>
public sealed class AttemptRunner(TimeProvider time)
{
    /// <summary>Runs attempt <paramref name="attempt"/> of <paramref name="request"/> with <paramref name="handler"/>.</summary>
    /// <param name="handler">The executor.</param>
    /// <param name="request">The step request.</param>
    /// <param name="attempt">The 1-based attempt number.</param>
    /// <param name="cancellationToken">Cancel or shutdown; a cancelled attempt throws rather than returning a result.</param>
    /// <param name="onCrash">Called with an exception the executor threw (it becomes a <c>handler-error</c> result).</param>
    /// <returns>The result: success, the executor's failure, <c>timeout</c> or <c>handler-error</c>.</returns>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<StepResult> RunAsync(IStepHandler handler, StepRequest request, int attempt, CancellationToken cancellationToken, Action<Exception>? onCrash = null)
    {
        using var timeout = handler.HasAttemptTimeout ? new CancellationTokenSource(request.Timeout, time) : new CancellationTokenSource();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var context = new StepContext(request.WorkflowId, request.StepId, attempt, request.With, request.ScheduledAt);
        try
        {
            // Off the caller's scheduler: executors do I/O and may block; the continuation returns to the caller.
            return await Task.Run(() => handler.ExecuteAsync(context, linked.Token), CancellationToken.None);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return StepResult.Failure("timeout", $"Attempt {attempt} timed out after {Duration.Format(request.Timeout)}.", retryable: true);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            onCrash?.Invoke(ex);
            return StepResult.Failure("handler-error", $"{ex.GetType().Name}: {ex.Message}", retryable: true);
        }
    }
}
