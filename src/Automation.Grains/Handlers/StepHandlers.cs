using Automation.Engine.Execution;

namespace Automation.Grains.Handlers;

/// <summary>The registered step executors by type name.</summary>
/// <param name="handlers">Every executor; type names must be unique.</param>
internal sealed class StepHandlers(IEnumerable<IStepHandler> handlers)
{
    private readonly Dictionary<string, IStepHandler> _handlers = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);

    /// <summary>Finds the executor of a step type that dispatches tasks.</summary>
    /// <param name="type">The step type.</param>
    /// <returns>The executor, or <see langword="null"/> when none is registered for the type.</returns>
    public IStepHandler? Find(string type) => _handlers.GetValueOrDefault(type);
}
