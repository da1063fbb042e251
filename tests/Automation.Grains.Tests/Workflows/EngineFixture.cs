using Automation.Testing;

namespace Automation.Grains.Tests.Workflows;

/// <summary>One two-silo engine cluster on in-memory storage and reminders (cluster tier), plus an HTTP target, shared by the workflow pattern tests.</summary>
public sealed class EngineFixture : IAsyncLifetime
{
    /// <summary>The running cluster.</summary>
    public AutomationTestCluster Cluster { get; private set; } = null!;

    /// <summary>The HTTP server that http steps call.</summary>
    public HttpTarget Target { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Target = await HttpTarget.StartAsync();
        Cluster = await AutomationTestCluster.StartInMemoryAsync(silos: 2);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Cluster.DisposeAsync();
        await Target.DisposeAsync();
    }
}
