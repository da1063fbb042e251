namespace Automation.Grains.Handlers;

/// <summary>The registered step handlers by type name.</summary>
internal sealed class StepHandlerRegistry(IEnumerable<IStepHandler> handlers)
{
    private readonly Dictionary<string, IStepHandler> _handlers = handlers.ToDictionary(h => h.Type, StringComparer.Ordinal);

    /// <summary>The known type names, sorted.</summary>
    public IReadOnlyList<string> Types => [.. _handlers.Keys.Order(StringComparer.Ordinal)];

    /// <summary>Finds a handler.</summary>
    public IStepHandler? Find(string type) => _handlers.GetValueOrDefault(type);

    /// <summary>Gets a handler that validation already proved exists.</summary>
    public IStepHandler Get(string type) =>
        Find(type) ?? throw new InvalidOperationException($"No handler for step type '{type}'.");
}
