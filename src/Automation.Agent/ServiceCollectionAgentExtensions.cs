using Automation.Agent.Protocol;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Polly;

namespace Automation.Agent;

/// <summary>Registers the Automation agent: a hosted service that pulls tasks for the capabilities it is given.</summary>
public static class ServiceCollectionAgentExtensions
{
    /// <summary>Adds the agent with its options bound from <c>Automation:Agent</c> alone (see the other overloads).</summary>
    /// <param name="services">The services.</param>
    /// <returns>A builder to add capability handlers with.</returns>
    public static IAutomationAgentBuilder AddAutomationAgent(this IServiceCollection services) =>
        services.AddAutomationAgent((OptionsBuilder<AgentOptions> _) => { });

    /// <summary>
    /// Adds the agent, its options (bound from <c>Automation:Agent</c>, then <paramref name="configure"/>) validated at
    /// start-up, and its HTTP client with transient-error retries. Safe to call twice: the second call returns a builder
    /// of the same agent.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Sets the options.</param>
    /// <returns>A builder to add capability handlers with.</returns>
    public static IAutomationAgentBuilder AddAutomationAgent(this IServiceCollection services, Action<AgentOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        return services.AddAutomationAgent(options => options.Configure(configure));
    }

    /// <summary>Adds the agent like <see cref="AddAutomationAgent(IServiceCollection, Action{AgentOptions})"/>, configuring its options builder.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options builder (binding, validation).</param>
    /// <returns>A builder to add capability handlers with.</returns>
    public static IAutomationAgentBuilder AddAutomationAgent(this IServiceCollection services, Action<OptionsBuilder<AgentOptions>> configure)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configure);
        var optionsBuilder = services.AddOptions<AgentOptions>();
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(AgentHandlerRegistry))?.ImplementationInstance as AgentHandlerRegistry;
        if (existing is not null)
        {
            configure(optionsBuilder);
            return new AutomationAgentBuilder(services, existing);
        }

        var handlers = new AgentHandlerRegistry();
        services.AddSingleton(handlers);
        optionsBuilder.BindConfiguration(AgentOptions.SectionName).ValidateOnStart();
        configure(optionsBuilder);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AgentOptions>>(new AgentOptionsValidator(handlers)));
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient<AgentApiClient>((provider, http) =>
            {
                var options = provider.GetRequiredService<IOptions<AgentOptions>>().Value;
                http.BaseAddress = new Uri(options.ServerUrl!.AbsoluteUri.TrimEnd('/') + "/");
                http.DefaultRequestHeaders.Authorization = new("ApiKey", options.ApiKey);
                // Longer than the longest poll (60 s) plus the server's own slack.
                http.Timeout = TimeSpan.FromSeconds(100);
            })
            // The hosted service keeps its client for its lifetime: rotate connections in the handler instead (DNS changes).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddResilienceHandler("automation-agent", (pipeline, context) =>
            {
                var options = context.ServiceProvider.GetRequiredService<IOptions<AgentOptions>>().Value;
                if (options.MaxRetryAttempts > 0)
                {
                    pipeline.AddRetry(new HttpRetryStrategyOptions
                    {
                        MaxRetryAttempts = options.MaxRetryAttempts,
                        Delay = options.RetryDelay,
                        BackoffType = DelayBackoffType.Exponential,
                        UseJitter = true,
                        ShouldRetryAfterHeader = true,
                        // Never a poll or a registration (not idempotent): the service's loop sends those again itself.
                        ShouldHandle = args => ValueTask.FromResult(
                            AgentRetryPolicy.MayRetry(args.Context.GetRequestMessage()) && HttpClientResiliencePredicates.IsTransient(args.Outcome)),
                    });
                }
            });
        services.AddHostedService<AgentService>();
        return new AutomationAgentBuilder(services, handlers);
    }
}
