using Automation.Engine.Execution;

namespace Automation.Grains.Handlers;

/// <summary>The registered step executors by type name.</summary>
/// <param name="handlers">Every executor; type names must be unique.</param>
internal sealed class StepHandlers(IEnumerable<IStepHandler> handlers)
{
    private readonly Dictionary<string, IStepHandler> _handlers = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);

    /// <summary>Gets the executor of a step type that dispatches tasks.</summary>
    /// <param name="type">The step type.</param>
    /// <returns>The executor.</returns>
    /// <exception cref="InvalidOperationException">No executor is registered for the type.</exception>
    public IStepHandler Get(string type) =>
        _handlers.GetValueOrDefault(type) ?? throw new InvalidOperationException($"No executor for step type '{type}'.");
}
