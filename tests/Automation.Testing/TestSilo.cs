using System.Net;
using System.Net.Sockets;
using Automation.Grains.Hosting;
using Automation.Grains.Outbound;
using Automation.Postgres.Hosting;
using Automation.Secrets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;

namespace Automation.Testing;

/// <summary>
/// A real silo in the test process: TCP silo and gateway ports on 127.0.0.1, PostgreSQL membership, storage and
/// reminders, the engine's own configuration, <see cref="TestSecrets"/>' key. Unlike the in-process test cluster (in-memory transport), an external
/// client such as the API can connect to it.
/// </summary>
public static class TestSilo
{
    /// <summary>Starts a silo.</summary>
    /// <param name="connectionString">A database with the shipped schema.</param>
    /// <param name="clusterId">The cluster id (also used as service id).</param>
    /// <param name="logs">Also receives the silo's logs, when given.</param>
    /// <returns>The running host; dispose it to stop.</returns>
    public static async Task<IHost> StartAsync(string connectionString, string clusterId, LogCapture? logs = null)
    {
        var host = Host.CreateDefaultBuilder()
            .ConfigureLogging(l =>
            {
                l.SetMinimumLevel(LogLevel.Warning);
                logs?.AddTo(l);
            })
            .UseOrleans(silo =>
            {
                silo.Configure<ClusterOptions>(o =>
                {
                    o.ClusterId = clusterId;
                    o.ServiceId = clusterId;
                });
                silo.ConfigureEndpoints(IPAddress.Loopback, FreePort(), FreePort(), listenOnAnyHostAddress: false);
                silo.UseAutomationPostgres(o =>
                    {
                        o.ConnectionString = connectionString;
                        o.MigrateOnStart = false; // the fixture applied the schema
                    })
                    .AddAutomation(o => o.ReminderPeriod = TimeSpan.FromSeconds(5));
                silo.Services.Configure<SecretsOptions>(TestSecrets.Configure);
                silo.Services.Configure<OutboundOptions>(TestOutbound.Configure); // receivers listen on loopback
            })
            .Build();
        await host.StartAsync();
        return host;
    }

    /// <summary>A TCP port that is free on 127.0.0.1 right now.</summary>
    /// <returns>The port.</returns>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
