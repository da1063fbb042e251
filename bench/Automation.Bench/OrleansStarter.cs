using System.Text.Json;
using Automation.Postgres.Hosting;
using Automation.Workflows;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Orleans.Configuration;
using Orleans.Serialization;

namespace Automation.Bench;

/// <summary>
/// <c>--start-via orleans</c>: starts workflows as an Orleans client of the cluster, the way the engine's own child and
/// schedule starts do, instead of over HTTP — what the engine costs without the API's request in front of it. Only for
/// measuring: no authentication, authorization, rate limit or audit (the API's work), and the caller is "bench".
/// </summary>
internal sealed class OrleansStarter : IAsyncDisposable
{
    private readonly IHost _host;
    private readonly IClusterClient _client;

    private OrleansStarter(IHost host)
    {
        _host = host;
        _client = host.Services.GetRequiredService<IClusterClient>();
    }

    /// <summary>Connects to the cluster whose membership table is in <paramref name="connectionString"/>'s database.</summary>
    public static async Task<OrleansStarter> ConnectAsync(string connectionString, string clusterId, string serviceId, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Automation:Postgres:ConnectionString"] = connectionString,
            ["Automation:Postgres:MigrateOnStart"] = "false",
        });
        builder.Logging.SetMinimumLevel(LogLevel.Warning).AddConsole();
        builder.UseOrleansClient(client =>
        {
            client.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            client.UseAutomationPostgres();
            client.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false)); // JsonElement, as the API's client
        });
        var host = builder.Build();
        try
        {
            await host.StartAsync(cancellationToken);
            return new OrleansStarter(host);
        }
        catch
        {
            host.Dispose();
            throw;
        }
    }

    /// <summary>Starts one workflow; returns its status in the start's answer (as the API's 201 says it).</summary>
    public async Task<string> StartAsync(string definition, string workflowId, int n, CancellationToken cancellationToken)
    {
        using var input = JsonDocument.Parse($$"""{"n":{{n}}}""");
        var command = new StartWorkflowCommand(definition, null, input.RootElement.Clone())
        {
            RequestId = "request:" + Guid.NewGuid().ToString("N"), // as the API names a request without an idempotency key
            StartedBy = "bench",
            Brief = true,
        };
        StartWorkflowResult result;
        try
        {
            result = await _client.GetStringKeyed<IWorkflowGrain>(workflowId).StartAsync(command).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new InvalidOperationException($"start via Orleans failed: {ex.GetType().Name}: {ex.Message}", ex);
        }

        return result.Outcome == StartWorkflowOutcome.Started
            ? result.StatusNow?.ToString() ?? "?"
            : throw new InvalidOperationException($"start via Orleans answered {result.Outcome}: {result.Message}");
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        try
        {
            await _host.StopAsync();
        }
        catch (Exception ex)
        {
            Console.Error.WriteLine($"stopping the Orleans client: {ex.Message}"); // the results are still reported
        }
        finally
        {
            _host.Dispose();
        }
    }
}
