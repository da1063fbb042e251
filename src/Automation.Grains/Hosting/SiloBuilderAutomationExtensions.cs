using Automation.Grains.Live;
using Automation.Grains.Recovery;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Automation.Grains.Hosting;

/// <summary>Turns an Orleans silo into an Automation silo.</summary>
public static class SiloBuilderAutomationExtensions
{
    /// <summary>
    /// Adds the engine: step kinds and executors, grains' services, JSON grain-call arguments, reminders with short
    /// periods. Storage, reminders' table and clustering are chosen separately (for example <c>UseAutomationPostgres</c>).
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Changes to <see cref="EngineOptions"/> after configuration binding.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddAutomation(this ISiloBuilder silo, Action<EngineOptions>? configure = null)
    {
        Action<OptionsBuilder<EngineOptions>>? builder = configure is null ? null : o => o.Configure(configure);
        return silo.AddAutomation(builder);
    }

    /// <summary>Adds the engine; see <see cref="AddAutomation(ISiloBuilder, Action{EngineOptions}?)"/>.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Configures <see cref="EngineOptions"/> (binding, validation, post-configuration).</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddAutomation(this ISiloBuilder silo, Action<OptionsBuilder<EngineOptions>>? configure)
    {
        silo.Services.AddAutomationEngine(configure);
        if (!silo.Services.Any(d => d.ServiceType == typeof(WorkflowRecovery)))
        {
            silo.Services.AddSingleton<WorkflowRecovery>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<WorkflowRecovery>());
        }

        if (!silo.Services.Any(d => d.ServiceType == typeof(LiveFeed)))
        {
            // Live pages: grains hand changes to the feed, the flusher sends them to the hub every 250 ms (ADR 0026).
            silo.Services.AddSingleton<LiveFeed>();
            silo.Services.AddSingleton<LiveFeedFlusher>();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<LiveFeedFlusher>());
        }

        silo.Services.AddAutomationServiceMonitor();
        silo.Services.AddAutomationKubernetesDiscovery(); // off unless Automation:Services:Discovery:Kubernetes:Enabled
        silo.Services.AddAutomationAlerts(); // after the monitor: replaces its no-op transition sink
        silo.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false));
        silo.AddReminders();
        silo.AddIncomingGrainCallFilter<StorageFailureCallFilter>(); // database failures cross grain boundaries as StorageUnavailableException
        // Reminders are wake-up calls for recovery; the engine keeps due times in state, so short periods are safe.
        silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(5));
        silo.Services.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        return silo;
    }
}
