using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Registration of the PostgreSQL services.</summary>
[Trait("Category", "Integration")]
public sealed class ServiceCollectionPostgresExtensionsTests
{
    [Fact]
    public void AddAutomationPostgres_CalledTwice_RegistersEachServiceOnce()
    {
        var services = new ServiceCollection();

        services.AddAutomationPostgres("Host=127.0.0.1;Username=postgres");
        services.AddAutomationPostgres("Host=127.0.0.1;Username=postgres");

        services.Count(d => d.ServiceType == typeof(NpgsqlDataSource)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IWorkflowIndex)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IDefinitionStore)).Should().Be(1);
    }
}
