namespace Automation.Agent;

/// <summary>The capabilities an agent serves and their handlers, filled while services are registered.</summary>
internal sealed class AgentHandlerRegistry
{
    /// <summary>The most capabilities one agent may register.</summary>
    public const int MaxCapabilities = 50;

    private readonly Dictionary<string, AgentTaskHandler> _handlers = new(StringComparer.Ordinal);

    public int Count => _handlers.Count;

    public IReadOnlyList<string> Capabilities => [.. _handlers.Keys];

    public void Add(string capability, AgentTaskHandler handler)
    {
        if (!CapabilityName.IsValid(capability))
        {
            throw new ArgumentException(
                $"'{capability}' is not a capability name: 1–100 characters of [a-z0-9._-], starting with a letter or a digit.", nameof(capability));
        }

        ArgumentNullException.ThrowIfNull(handler);
        if (_handlers.ContainsKey(capability))
        {
            throw new InvalidOperationException($"Capability '{capability}' already has a handler.");
        }

        if (_handlers.Count >= MaxCapabilities)
        {
            throw new InvalidOperationException($"An agent serves at most {MaxCapabilities} capabilities.");
        }

        _handlers.Add(capability, handler);
    }

    public AgentTaskHandler? Find(string capability) => _handlers.GetValueOrDefault(capability);
}
