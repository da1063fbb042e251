using System.Text.Json;
using Automation.Definitions;
using Automation.Grains.Hosting;
using Automation.Grains.Outbound;
using Automation.Persistence;
using Automation.Postgres.Hosting;
using Automation.Secrets;
using Automation.Testing.InMemory;
using Microsoft.Extensions.DependencyInjection;
using Automation.Workflows;
using Orleans.Runtime;
using Orleans.Serialization;
using Orleans.TestingHost;

namespace Automation.Testing;

/// <summary>
/// An in-process Orleans cluster hosting the real engine on a real PostgreSQL database: grain state, reminders,
/// visibility and definitions all persist, so a cluster can be stopped and a new one started on the same data.
/// </summary>
public sealed class AutomationTestCluster : IAsyncDisposable
{
    private AutomationTestCluster(InProcessTestCluster cluster, string connectionString)
    {
        Cluster = cluster;
        ConnectionString = connectionString;
    }

    /// <summary>The underlying test cluster.</summary>
    public InProcessTestCluster Cluster { get; }

    /// <summary>The offloaded history of an in-memory cluster; <see langword="null"/> on PostgreSQL.</summary>
    public InMemoryHistoryStore? History { get; private init; }

    /// <summary>The archived steps of an in-memory cluster; <see langword="null"/> on PostgreSQL.</summary>
    public InMemoryStepArchive? StepArchive { get; private init; }

    /// <summary>The visibility rows of an in-memory cluster; <see langword="null"/> on PostgreSQL.</summary>
    public InMemoryWorkflowIndex? Index { get; private init; }

    /// <summary>Stores secrets the silos can read (with <see cref="TestSecrets"/>' key); <see langword="null"/> on PostgreSQL.</summary>
    public SecretVault? Secrets { get; private init; }

    /// <summary>The database; empty for an in-memory cluster.</summary>
    public string ConnectionString { get; }

    /// <summary>An external client of the cluster (arguments are really serialized).</summary>
    public IClusterClient Client => Cluster.Client;

    /// <summary>Starts a cluster.</summary>
    /// <param name="connectionString">A database with the shipped schema.</param>
    /// <param name="serviceId">Grain state and reminders are keyed by it: reuse it to resume an earlier cluster's work.</param>
    /// <param name="silos">Number of silos.</param>
    /// <param name="postgresMembership">Use the PostgreSQL membership table (so an external client such as the API can find the silos).</param>
    /// <param name="engine">Changes engine options after the tests' defaults (reminder period 5 s).</param>
    /// <param name="configureSilo">More silo configuration (e.g. retention options).</param>
    /// <returns>The running cluster.</returns>
    public static async Task<AutomationTestCluster> StartAsync(
        string connectionString, string? serviceId = null, short silos = 1, bool postgresMembership = false,
        Action<EngineOptions>? engine = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = serviceId ?? "automation-test-" + Guid.NewGuid().ToString("N");
        builder.Options.ClusterId = builder.Options.ServiceId;
        builder.Options.ConfigureFileLogging = false;
        if (postgresMembership)
        {
            TestClusterMembership.UseProviderMembership(builder.Options);
        }

        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddAutomation(o =>
                {
                    o.ReminderPeriod = TimeSpan.FromSeconds(5);
                    engine?.Invoke(o);
                })
                .UseAutomationPostgresStorage(o => o.Configure(p =>
                {
                    p.ConnectionString = connectionString;
                    p.MigrateOnStart = false; // the fixture applied the schema
                }));
            silo.Services.Configure<SecretsOptions>(TestSecrets.Configure);
            silo.Services.Configure<OutboundOptions>(TestOutbound.Configure); // receivers listen on loopback
            if (postgresMembership)
            {
                silo.UseAutomationPostgresClustering();
            }

            configureSilo?.Invoke(silo);
        });
        builder.ConfigureClient(client =>
        {
            client.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false));
            if (postgresMembership)
            {
                client.UseAdoNetClustering(o =>
                {
                    o.Invariant = SiloBuilderPostgresExtensions.Invariant;
                    o.ConnectionString = connectionString;
                });
            }
        });
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new AutomationTestCluster(cluster, connectionString);
    }

    /// <summary>
    /// Starts a cluster on in-memory grain storage, reminders, definitions and visibility (the cluster test tier: no
    /// database). Its data lives as long as the cluster.
    /// </summary>
    /// <param name="silos">Number of silos.</param>
    /// <returns>The running cluster.</returns>
    public static async Task<AutomationTestCluster> StartInMemoryAsync(short silos = 2)
    {
        var builder = new InProcessTestClusterBuilder(silos);
        builder.Options.ServiceId = "automation-memory-" + Guid.NewGuid().ToString("N");
        builder.Options.ClusterId = builder.Options.ServiceId;
        builder.Options.ConfigureFileLogging = false;
        var definitions = new InMemoryDefinitionStore();
        var index = new InMemoryWorkflowIndex();
        var history = new InMemoryHistoryStore();
        var stepArchive = new InMemoryStepArchive();
        var secrets = new InMemorySecretStore();
        var agentTasks = new InMemoryAgentTaskStore();
        builder.ConfigureSilo((_, silo) =>
        {
            silo.AddAutomation(o => o.ReminderPeriod = TimeSpan.FromSeconds(5))
                .AddMemoryGrainStorage(StorageNames.Workflows)
                .UseInMemoryReminderService();
#pragma warning disable ORLEANSEXP006 // As on PostgreSQL: the memory storage keeps state through this serializer, and the
            // default one (Newtonsoft) reads every JsonElement back as undefined, so a reactivated workflow could not be shown.
            silo.UseSystemTextJsonGrainStorageSerializer();
#pragma warning restore ORLEANSEXP006
            silo.Services.AddSingleton<IDefinitionStore>(definitions).AddSingleton<IWorkflowIndex>(index).AddSingleton<IHistoryStore>(history)
                .AddSingleton<IStepArchive>(stepArchive)
                .AddSingleton<ISecretStore>(secrets)
                .AddSingleton<Automation.Agents.IAgentTaskStore>(agentTasks)
                .Configure<SecretsOptions>(TestSecrets.Configure)
                .Configure<OutboundOptions>(TestOutbound.Configure); // receivers listen on loopback
        });
        builder.ConfigureClient(client => client.Services.AddSerializer(s => s.AddJsonSerializer(isSupported: _ => false)));
        var cluster = builder.Build();
        await cluster.DeployAsync();
        return new AutomationTestCluster(cluster, "") { History = history, StepArchive = stepArchive, Index = index, Secrets = new SecretVault(secrets, TestSecrets.KeyRing) };
    }

    /// <summary>Registers a definition and fails the test if it is invalid.</summary>
    /// <param name="name">The name.</param>
    /// <param name="json">The definition document.</param>
    /// <returns>The stored version.</returns>
    public async Task<WorkflowDefinition> RegisterAsync(string name, string json)
    {
        using var document = JsonDocument.Parse(json);
        var result = await Client.GetGrain<IDefinitionGrain>(name).RegisterAsync(document.RootElement.Clone());
        return result.Definition ?? throw new InvalidOperationException(
            "Definition rejected: " + string.Join("; ", result.Errors.Select(e => $"{e.Path}: {e.Message}")));
    }

    /// <summary>Starts a workflow.</summary>
    /// <param name="definition">The definition name.</param>
    /// <param name="input">The input JSON (default <c>{}</c>).</param>
    /// <param name="workflowId">The id (default: new GUID).</param>
    /// <returns>The grain and the start result.</returns>
    public async Task<(IWorkflowGrain Grain, StartWorkflowResult Result)> StartAsync(string definition, string input = "{}", string? workflowId = null)
    {
        using var document = JsonDocument.Parse(input);
        var grain = Client.GetGrain<IWorkflowGrain>(workflowId ?? Guid.NewGuid().ToString());
        var result = await grain.StartAsync(new StartWorkflowCommand(definition, null, document.RootElement.Clone()));
        return (grain, result);
    }

    /// <summary>Waits for a workflow to finish, failing after <paramref name="max"/> (a hang guard, not a timing assertion).</summary>
    /// <param name="grain">The workflow.</param>
    /// <param name="max">Give up after this long (default 2 minutes).</param>
    /// <returns>The final state.</returns>
    public static async Task<WorkflowSnapshot> WaitAsync(IWorkflowGrain grain, TimeSpan? max = null)
    {
        var deadline = DateTimeOffset.UtcNow + (max ?? TimeSpan.FromMinutes(2));
        while (true)
        {
            var snapshot = await grain.WaitForCompletionAsync(TimeSpan.FromSeconds(10))
                ?? throw new InvalidOperationException("The workflow does not exist.");
            if (snapshot.Status.IsTerminal())
            {
                return snapshot;
            }

            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"Workflow {snapshot.WorkflowId} still {snapshot.Status}: " +
                    string.Join(", ", snapshot.Steps.Select(s => $"{s.Id}={s.Status}")));
            }
        }
    }

    /// <inheritdoc />
    /// <summary>Whether some silo holds an activation of the grain with string key <paramref name="grainKey"/> (of a grain type whose name contains <paramref name="grainType"/>, when given).</summary>
    /// <param name="grainKey">The grain's key.</param>
    /// <param name="grainType">Part of the grain type's name, or <see langword="null"/> for any type.</param>
    /// <returns>Whether it is active.</returns>
    public async Task<bool> IsActiveAsync(string grainKey, string? grainType = null)
    {
        var activations = await Client.GetGrain<IManagementGrain>(0).GetDetailedGrainStatistics();
        return activations.Any(a => a.GrainId.Key.ToString() == grainKey && (grainType is null || a.GrainType.Contains(grainType, StringComparison.Ordinal)));
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();
}
