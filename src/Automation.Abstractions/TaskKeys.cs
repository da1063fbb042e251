namespace Automation;

/// <summary>Builds the keys and idempotency keys that tie a step to its workflow.</summary>
public static class TaskKeys
{
    /// <summary>The task grain key for a step: <c>{workflowId}/{stepId}</c>.</summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="stepId">The step id.</param>
    /// <returns>The key.</returns>
    public static string TaskGrainKey(string workflowId, string stepId) => $"{workflowId}/{stepId}";

    /// <summary>The idempotency key of one attempt: <c>{workflowId}:{stepId}:{attempt}</c>.</summary>
    /// <param name="workflowId">The workflow id.</param>
    /// <param name="stepId">The step id.</param>
    /// <param name="attempt">The 1-based attempt number.</param>
    /// <returns>The key.</returns>
    public static string IdempotencyKey(string workflowId, string stepId, int attempt) => $"{workflowId}:{stepId}:{attempt}";
}
