using Automation.Alerts;
using Automation.Notifications;
using Automation.Postgres.Alerts;
using Automation.Persistence;
using Automation.Postgres.Notifications;
using Automation.Postgres.Security;
using Automation.Security;
using Automation.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Automation.Postgres.Hosting;

/// <summary>Registers Automation's PostgreSQL services: options, the data source and the storage interfaces.</summary>
public static class ServiceCollectionPostgresExtensions
{
    /// <summary>
    /// Binds <see cref="PostgresOptions"/> from <c>Automation:Postgres</c> (validated at start-up) and registers a
    /// singleton <see cref="NpgsqlDataSource"/>, <see cref="IWorkflowIndex"/>, <see cref="IDefinitionStore"/>, <see cref="IHistoryStore"/>, <see cref="IStepArchive"/>, the
    /// security stores (users, roles, refresh tokens, API keys, audit) and <see cref="ISecretStore"/>, with the secrets key ring that
    /// opens the latter (<see cref="ServiceCollectionSecretsExtensions.AddAutomationSecrets(IServiceCollection, Action{OptionsBuilder{SecretsOptions}}?)"/>).
    /// Safe to call twice: existing registrations are kept.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Configures the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAutomationPostgres(this IServiceCollection services, Action<OptionsBuilder<PostgresOptions>>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        var options = services.AddOptions<PostgresOptions>().BindConfiguration(PostgresOptions.SectionName).ValidateOnStart();
        configure?.Invoke(options);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PostgresOptions>, PostgresOptionsValidator>());
        services.TryAddSingleton(sp => new NpgsqlDataSourceBuilder(PooledConnectionString.From(sp.GetRequiredService<IOptions<PostgresOptions>>().Value.ConnectionString))
            .UseLoggerFactory(sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)
            .Build());
        services.TryAddSingleton<IWorkflowIndex>(sp => new PostgresWorkflowIndex(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetService<ILogger<PostgresWorkflowIndex>>() ?? NullLogger<PostgresWorkflowIndex>.Instance));
        services.TryAddSingleton<IDefinitionStore>(sp => new PostgresDefinitionStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IHistoryStore>(sp => new PostgresHistoryStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IStepArchive>(sp => new PostgresStepArchive(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IUserStore>(sp => new PostgresUserStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IUserPreferencesStore>(sp => new PostgresUserPreferencesStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IRoleStore>(sp => new PostgresRoleStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IRefreshTokenStore>(sp => new PostgresRefreshTokenStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IApiKeyStore>(sp => new PostgresApiKeyStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IAuditLog>(sp => new PostgresAuditLog(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<ISecretStore>(sp => new PostgresSecretStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<Automation.Agents.IAgentTaskStore>(sp => new PostgresAgentTaskStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<INotificationChannelStore>(sp => new PostgresChannelStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IServiceHealthStore>(sp => new PostgresServiceHealthStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<INotificationTemplateStore>(sp => new PostgresTemplateStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton<IAlertStore>(sp => new PostgresAlertStore(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton(sp => new Statistics.PostgresWorkflowStatistics(sp.GetRequiredService<NpgsqlDataSource>()));
        services.TryAddSingleton(sp => new Statistics.PostgresServerStatus(
            sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<Statistics.PostgresServerStatus>>()));
        services.AddAutomationSecrets(); // the store keeps ciphertext only; the keys come from configuration, not the database
        return services;
    }

    /// <summary>Same as <see cref="AddAutomationPostgres(IServiceCollection, Action{OptionsBuilder{PostgresOptions}}?)"/> with a plain options delegate.</summary>
    /// <param name="services">The services.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddAutomationPostgres(this IServiceCollection services, Action<PostgresOptions> configure) =>
        services.AddAutomationPostgres(o => o.Configure(configure));
}
