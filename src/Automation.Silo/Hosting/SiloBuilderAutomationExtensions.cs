using Automation.Grains;
using Automation.Grains.Hosting;
using Automation.Postgres;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Automation.Silo.Hosting;

/// <summary>Configures an Orleans silo to host Automation.</summary>
public static class SiloBuilderAutomationExtensions
{
    /// <summary>
    /// Adds the engine (grains' services, JSON serialization of grain-call arguments, short reminder periods).
    /// Storage, reminders and clustering are chosen separately (<see cref="UseAutomationPostgresStorage"/>, <see cref="UseAutomationPostgresClustering"/>).
    /// </summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="configure">Optional engine option changes.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder AddAutomation(this ISiloBuilder silo, Action<EngineOptions>? configure = null)
    {
        silo.Services.AddAutomationEngine(configure);
        silo.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false));
        silo.AddReminders();
        // Reminders are wake-up calls for recovery; the engine keeps due times in state, so short periods are safe.
        silo.Services.Configure<ReminderOptions>(o => o.MinimumReminderPeriod = TimeSpan.FromSeconds(5));
        silo.Services.Configure<GrainCollectionOptions>(o => o.CollectionAge = TimeSpan.FromMinutes(15));
        return silo;
    }

    /// <summary>Grain state and reminders in PostgreSQL (ADO.NET providers, System.Text.Json state), plus the visibility and definition tables.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseAutomationPostgresStorage(this ISiloBuilder silo, string connectionString)
    {
        silo.AddAdoNetGrainStorage(StorageNames.Workflows, o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
#pragma warning disable ORLEANSEXP006 // Chosen on day one: stored state must be plain JSON so renames and JsonElement work.
        silo.UseSystemTextJsonGrainStorageSerializer();
#pragma warning restore ORLEANSEXP006
        silo.UseAdoNetReminderService(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
        silo.Services.AddAutomationPostgres(connectionString);
        return silo;
    }

    /// <summary>Cluster membership in PostgreSQL, tuned so a killed silo's grains are reachable again within seconds.</summary>
    /// <param name="silo">The silo builder.</param>
    /// <param name="connectionString">The Npgsql connection string.</param>
    /// <returns>The same builder.</returns>
    public static ISiloBuilder UseAutomationPostgresClustering(this ISiloBuilder silo, string connectionString)
    {
        silo.UseAdoNetClustering(o =>
        {
            o.Invariant = PostgresInvariant;
            o.ConnectionString = connectionString;
        });
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

    /// <summary>The ADO.NET invariant name of Npgsql.</summary>
    public const string PostgresInvariant = "Npgsql";
}
