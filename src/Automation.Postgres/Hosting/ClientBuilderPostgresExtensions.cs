using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automation.Postgres.Hosting;

/// <summary>Lets an Orleans client (the API) find silos through PostgreSQL and read Automation's tables.</summary>
public static class ClientBuilderPostgresExtensions
{
    /// <summary>Cluster membership from PostgreSQL, plus the visibility and definition tables for queries.</summary>
    /// <param name="client">The client builder.</param>
    /// <param name="configure">Configures <see cref="PostgresOptions"/> after binding from <c>Automation:Postgres</c>.</param>
    /// <returns>The same builder.</returns>
    public static IClientBuilder UseAutomationPostgres(this IClientBuilder client, Action<OptionsBuilder<PostgresOptions>>? configure = null)
    {
        client.Services.AddAutomationPostgres(configure);
        client.UseAdoNetClustering(o => o.Configure<IOptions<PostgresOptions>>((ado, pg) =>
        {
            ado.Invariant = SiloBuilderPostgresExtensions.Invariant;
            ado.ConnectionString = PooledConnectionString.From(pg.Value.ConnectionString);
        }));
        return client;
    }
}
