using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace Automation.Postgres;

/// <summary>Registers Automation's PostgreSQL services.</summary>
public static class ServiceCollectionPostgresExtensions
{
    /// <summary>
    /// Registers a singleton <see cref="NpgsqlDataSource"/>, <see cref="IWorkflowIndex"/> and
    /// <see cref="IDefinitionStore"/>. Safe to call twice: existing registrations are kept.
    /// </summary>
    /// <param name="services">The services.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns><paramref name="services"/>.</returns>
    /// <exception cref="ArgumentException"><paramref name="connectionString"/> is empty.</exception>
    public static IServiceCollection AddAutomationPostgres(this IServiceCollection services, string connectionString)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);

        services.TryAddSingleton(sp => new NpgsqlDataSourceBuilder(connectionString)
            .UseLoggerFactory(sp.GetService<ILoggerFactory>() ?? NullLoggerFactory.Instance)
            .Build());
        services.TryAddSingleton<IWorkflowIndex>(sp => new PostgresWorkflowIndex(
            sp.GetRequiredService<NpgsqlDataSource>(),
            sp.GetService<ILogger<PostgresWorkflowIndex>>() ?? NullLogger<PostgresWorkflowIndex>.Instance));
        services.TryAddSingleton<IDefinitionStore>(sp => new PostgresDefinitionStore(sp.GetRequiredService<NpgsqlDataSource>()));
        return services;
    }
}
