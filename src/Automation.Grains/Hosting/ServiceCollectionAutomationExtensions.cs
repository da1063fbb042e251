using Automation.Engine.Definitions;
using Automation.Engine.Execution;
using Automation.Engine.Steps;
using Automation.Grains.Diagnostics;
using Automation.Grains.Handlers;
using Automation.Grains.Outbound;
using Automation.Grains.Tasks;
using Automation.Hosting;
using Automation.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Registers the workflow engine's services in a silo.</summary>
public static class ServiceCollectionAutomationExtensions
{
    /// <summary>
    /// Adds step kinds and executors, the definition parser, metrics, engine options and the secrets key ring (http steps
    /// read secrets through an <see cref="Persistence.ISecretStore"/>, which the storage choice registers). Safe to call twice.
    /// </summary>
    /// <param name="services">The silo's services.</param>
    /// <param name="configure">Configures <see cref="EngineOptions"/> after binding from <c>Automation:Engine</c>.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationEngine(this IServiceCollection services, Action<OptionsBuilder<EngineOptions>>? configure = null)
    {
        var options = services.AddOptions<EngineOptions>().BindConfiguration(EngineOptions.SectionName).ValidateOnStart();
        configure?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EngineOptions>, EngineOptionsValidator>());
        services.AddAutomationRetentionOptions();
        if (services.Any(d => d.ServiceType == typeof(StepKindRegistry)))
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.AddAutomationSecrets();
        services.AddMetrics();
        services.AddSingleton<AutomationMetrics>();
        services.AddSingleton<AgentMetrics>();
        services.AddAutomationOutbound();
        // Every user-directed connection goes through the outbound address policy (ADR 0019), redirects included.
        services.AddHttpClient(HttpStepHandler.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan) // the step timeout governs
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundConnector>().CreateHandler(followRedirects: true))
            // The factory's request logging writes each URL, and a step's URL may carry a secret's value.
            .RemoveAllLoggers();

        // Notifications never follow redirects: a 301/302 would turn the signed POST into a GET without a body, and a
        // 307/308 would re-send the body and its signature to another host. A 3xx fails the attempt instead.
        services.AddHttpClient(NotifyStepHandler.ClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(sp => sp.GetRequiredService<OutboundConnector>().CreateHandler(followRedirects: false))
            .RemoveAllLoggers(); // a Slack URL is a secret

        // A step type is a kind (validation and control flow, pure) plus, when it dispatches tasks, an executor.
        services.AddStepKind<HttpStepKind>().AddSingleton<IStepHandler, HttpStepHandler>();
        services.AddStepKind<NotifyStepKind>().AddSingleton<IStepHandler, NotifyStepHandler>(); // reads channels from the store, when there is one
        services.AddStepKind<DelayStepKind>(); // a durable timer inside the workflow: no executor
        services.AddStepKind<TransformStepKind>();
        services.AddStepKind<SwitchStepKind>(); // picks a branch inside the workflow: no executor
        services.AddStepKind<WorkflowStepKind>(); // a child workflow
        services.AddStepKind<ForeachStepKind>(); // a child workflow per item
        services.AddStepKind<ParallelStepKind>(); // a child workflow per branch
        services.AddStepKind<AgentStepKind>(); // queued for an external agent by the task grain
        services.AddStepKind<WaitStepKind>(); // waits for a signal or an approval inside the workflow: no executor
        services.AddSingleton<StepKindRegistry>();
        services.AddSingleton<StepHandlers>();
        services.AddSingleton<AttemptRunner>();
        services.AddSingleton<AttemptHost>(); // runs the task attempts of the workflows on this silo (ADR 0029)
        services.AddSingleton(sp => new DefinitionParser(sp.GetRequiredService<StepKindRegistry>(), sp.GetRequiredService<IOptions<RetentionOptions>>().Value.Minimum));
        return services;
    }

    /// <summary>Registers a step kind; the engine finds it by its type name.</summary>
    /// <typeparam name="TKind">The kind.</typeparam>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddStepKind<TKind>(this IServiceCollection services)
        where TKind : class, IStepKind
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IStepKind, TKind>());
        return services;
    }
}
