using Automation.Hosting;
using Automation.Persistence;
using Automation.Postgres.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;

namespace Automation.Postgres.Hosting;

/// <summary>Puts an Automation silo's data in PostgreSQL.</summary>
public static class SiloBuilderPostgresExtensions
{
    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string Invariant = "Npgsql";

    /// <summary>Everything in PostgreSQL: grain state, reminders, cluster membership, the visibility and definition tables; applies the schema at start-up unless <see cref="PostgresOptions.MigrateOnStart"/> is off.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Configures <see cref="PostgresOptions"/> after binding from <c>Automation:Postgres</c>.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseAutomationPostgres(this ISiloBuilder silo, Action<OptionsBuilder<PostgresOptions>>? configure = null) =>
        silo.UseAutomationPostgresStorage(configure).UseAutomationPostgresClustering();

    /// <summary>Same as <see cref="UseAutomationPostgres(ISiloBuilder, Action{OptionsBuilder{PostgresOptions}}?)"/> with a plain options delegate.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Changes the options after binding.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseAutomationPostgres(this ISiloBuilder silo, Action<PostgresOptions> configure) =>
        silo.UseAutomationPostgres(o => o.Configure(configure));

    /// <summary>Grain state (System.Text.Json) and reminders in PostgreSQL, plus the visibility and definition tables; cluster membership is left to the caller.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Configures <see cref="PostgresOptions"/> after binding.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseAutomationPostgresStorage(this ISiloBuilder silo, Action<OptionsBuilder<PostgresOptions>>? configure = null)
    {
        silo.Services.AddAutomationPostgres(configure);
        silo.AddAdoNetGrainStorage(StorageNames.Workflows, o => o.Configure<IOptions<PostgresOptions>>((ado, pg) =>
        {
            ado.Invariant = Invariant;
            ado.ConnectionString = PooledConnectionString.From(pg.Value.ConnectionString);
        }));
        // A workflow's state (and its visibility row when its status changes, ADR 0030), written as the provider above
        // writes it, concurrent writes group-committed (ADR 0031).
        silo.Services.AddOptions<StateWriteBatchingOptions>().BindConfiguration(StateWriteBatchingOptions.SectionName).ValidateOnStart();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StateWriteBatchingOptions>, StateWriteBatchingOptionsValidator>());
        silo.Services.TryAddSingleton<IWorkflowStateWriter>(sp => new PostgresWorkflowStateWriter(
            sp.GetRequiredService<Npgsql.NpgsqlDataSource>(),
            Orleans.Configuration.Overrides.OptionsOverrides.GetProviderClusterOptions(sp, StorageNames.Workflows).Value.ServiceId, // as the provider takes it
            sp.GetRequiredService<IOptionsMonitor<AdoNetGrainStorageOptions>>().Get(StorageNames.Workflows),
            sp.GetRequiredService<IOptions<StateWriteBatchingOptions>>().Value,
            sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<Microsoft.Extensions.Logging.ILogger<PostgresWorkflowStateWriter>>()));
#pragma warning disable ORLEANSEXP006 // Chosen on day one: stored state must be plain JSON so renames and JsonElement work.
        silo.UseSystemTextJsonGrainStorageSerializer();
#pragma warning restore ORLEANSEXP006
        silo.UseAdoNetReminderService(o => o.Configure<IOptions<PostgresOptions>>((ado, pg) =>
        {
            ado.Invariant = Invariant;
            ado.ConnectionString = PooledConnectionString.From(pg.Value.ConnectionString);
        }));
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>, SchemaMigrationParticipant>();
        silo.Services.AddAutomationRetentionOptions();
        silo.Services.TryAddSingleton(TimeProvider.System);
        silo.Services.AddMetrics();
        silo.Services.TryAddSingleton<RetentionPurger>();
        silo.Services.TryAddEnumerable(ServiceDescriptor.Singleton<IHostedService, RetentionPurgeService>());
        return silo;
    }

    /// <summary>Cluster membership in PostgreSQL, tuned so a killed silo's grains are reachable again within seconds.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseAutomationPostgresClustering(this ISiloBuilder silo)
    {
        silo.Services.AddAutomationPostgres();
        silo.UseAdoNetClustering(o => o.Configure<IOptions<PostgresOptions>>((ado, pg) =>
        {
            ado.Invariant = Invariant;
            ado.ConnectionString = PooledConnectionString.From(pg.Value.ConnectionString);
        }));
        silo.Services.Configure<ClusterMembershipOptions>(o =>
        {
            o.ProbeTimeout = TimeSpan.FromSeconds(1);
            o.NumMissedProbesLimit = 2;
            o.NumVotesForDeathDeclaration = 1;
            o.TableRefreshTimeout = TimeSpan.FromSeconds(5);
            o.IAmAliveTablePublishTimeout = TimeSpan.FromSeconds(5);
        });
        return silo;
    }
}
