using Microsoft.Extensions.DependencyInjection;

namespace Automation.Agent;

/// <summary>Adds capability handlers to the agent <c>AddAutomationAgent</c> registered.</summary>
public interface IAutomationAgentBuilder
{
    /// <summary>The services the agent is registered in.</summary>
    IServiceCollection Services { get; }

    /// <summary>Handles tasks of <paramref name="capability"/> with <paramref name="handler"/>.</summary>
    /// <param name="capability">1–100 characters of <c>[a-z0-9._-]</c>, starting with a letter or a digit.</param>
    /// <param name="handler">Runs one task and returns its output.</param>
    /// <returns>The same builder.</returns>
    /// <exception cref="ArgumentException"><paramref name="capability"/> is not a valid capability name.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="handler"/> is null.</exception>
    /// <exception cref="InvalidOperationException">The capability already has a handler, or the agent already has 50 capabilities.</exception>
    IAutomationAgentBuilder AddCapability(string capability, AgentTaskHandler handler);
}
