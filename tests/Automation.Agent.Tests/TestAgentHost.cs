using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Agent.Tests;

/// <summary>Builds a host with the agent pointed at a <see cref="FakeAgentServer"/>: short polls, fast retries.</summary>
internal static class TestAgentHost
{
    public const string ApiKey = "atk_test_key";

    public static IHost Build(FakeAgentServer server, Action<IAutomationAgentBuilder> capabilities, Action<AgentOptions>? configure = null)
    {
        // No appsettings.json or environment: the test sets every option itself.
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Debug);
        builder.Logging.AddProvider(server.Log);
        var agent = builder.Services.AddAutomationAgent(o =>
        {
            o.ServerUrl = new Uri(server.BaseUrl);
            o.ApiKey = ApiKey;
            o.Name = "test-agent";
            o.PollWait = TimeSpan.FromSeconds(1);
            o.RetryDelay = TimeSpan.FromMilliseconds(10);
            o.ReconnectDelay = TimeSpan.FromMilliseconds(50);
            o.DrainTimeout = TimeSpan.FromSeconds(20);
            configure?.Invoke(o);
        });
        capabilities(agent);
        return builder.Build();
    }
}
