using Microsoft.Extensions.DependencyInjection;

namespace Automation.Agent;

internal sealed class AutomationAgentBuilder(IServiceCollection services, AgentHandlerRegistry handlers) : IAutomationAgentBuilder
{
    public IServiceCollection Services { get; } = services;

    public IAutomationAgentBuilder AddCapability(string capability, AgentTaskHandler handler)
    {
        handlers.Add(capability, handler);
        return this;
    }
}
