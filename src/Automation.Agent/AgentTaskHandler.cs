using System.Text.Json;

namespace Automation.Agent;

/// <summary>Runs one task of a capability and returns its output.</summary>
/// <param name="input">The step's rendered input.</param>
/// <param name="context">The task: ids, progress reporting and the cancellation token.</param>
/// <returns>
/// The step's output, serialized with the web JSON defaults (camelCase); <see langword="null"/> is JSON <c>null</c>.
/// Throw <see cref="AgentTaskException"/> to fail the attempt with an error type of your own; any other exception fails
/// it as <c>agent.exception</c>, retryable.
/// </returns>
public delegate Task<object?> AgentTaskHandler(JsonElement input, AgentTaskContext context);
