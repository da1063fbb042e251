using Automation.Postgres.Tests.Grains;
using Automation.Testing;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Automation.Postgres.Tests;

/// <summary>Starts an in-process test cluster whose membership, grain storage and reminders are the real ADO.NET providers on PostgreSQL.</summary>
internal static class PostgresCluster
{
    private const string Invariant = "Npgsql";

    /// <summary>Builds and deploys the cluster.</summary>
    /// <param name="connectionString">The database, with the shipped schema.</param>
    /// <param name="serviceId">The service id; grain state and reminders are keyed by it, so reuse it to see earlier data.</param>
    /// <param name="silos">How many silos to start.</param>
    /// <returns>The running cluster; dispose it to stop.</returns>
    public static async Task<InProcessTestCluster> StartAsync(string connectionString, string serviceId, short silos = 2)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId;
        builder.Options.ConfigureFileLogging = false;
        TestClusterMembership.UseProviderMembership(builder.Options);
        builder.ConfigureSilo((_, silo) => silo
            .AddJsonArguments()
            .UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            })
            .AddAdoNetGrainStorage(ProviderProbeGrain.StorageName, o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            })
            .UseSystemTextJsonGrainStorageSerializer()
            .UseAdoNetReminderService(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            }));
        builder.ConfigureClient(client =>
        {
            // The silos load Automation.Abstractions, whose contracts carry JsonElement.
            client.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false));
            client.UseAdoNetClustering(o =>
            {
                o.Invariant = Invariant;
                o.ConnectionString = connectionString;
            });
        });

        var cluster = builder.Build();
        await cluster.DeployAsync();
        return cluster;
    }

    private static ISiloBuilder AddJsonArguments(this ISiloBuilder silo)
    {
        // The silos load Automation.Abstractions, whose contracts carry JsonElement.
        silo.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false));
        return silo;
    }
}
