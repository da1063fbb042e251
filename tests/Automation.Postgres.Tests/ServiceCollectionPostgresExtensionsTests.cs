using Automation.Persistence;
using Automation.Postgres.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Automation.Postgres.Tests;

/// <summary>Registration of the PostgreSQL services and validation of their options.</summary>
public sealed class ServiceCollectionPostgresExtensionsTests
{
    [Fact]
    public void AddAutomationPostgres_CalledTwice_RegistersEachServiceOnce()
    {
        var services = Services(new() { ["Automation:Postgres:ConnectionString"] = "Host=127.0.0.1;Username=postgres" });

        services.AddAutomationPostgres();
        services.AddAutomationPostgres();

        services.Count(d => d.ServiceType == typeof(NpgsqlDataSource)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IWorkflowIndex)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(IDefinitionStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(ISecretStore)).Should().Be(1);
        services.Count(d => d.ServiceType == typeof(Automation.Secrets.SecretVault)).Should().Be(1);
    }

    [Fact]
    public void AddAutomationPostgres_WithoutConnectionString_FailsNamingTheSetting()
    {
        using var provider = Services([]).AddAutomationPostgres().BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<PostgresOptions>>().Value;

        read.Should().Throw<OptionsValidationException>()
            .WithMessage("*Automation:Postgres:ConnectionString*Automation__Postgres__ConnectionString*required*");
    }

    [Fact]
    public void AddAutomationPostgres_WithInvalidConnectionString_FailsWithoutEchoingIt()
    {
        using var provider = Services(new() { ["Automation:Postgres:ConnectionString"] = "Host=db;Password=hunter2;Bogus Key=1" })
            .AddAutomationPostgres().BuildServiceProvider();

        var read = () => provider.GetRequiredService<IOptions<PostgresOptions>>().Value;

        read.Should().Throw<OptionsValidationException>()
            .Where(e => e.Message.Contains("not a valid Npgsql connection string") && !e.Message.Contains("hunter2"));
    }

    [Fact]
    public void PostgresOptions_ToString_HidesTheConnectionString()
    {
        var options = new PostgresOptions { ConnectionString = "Host=db;Password=hunter2" };

        var text = options.ToString();

        text.Should().NotContain("hunter2").And.Contain("redacted");
    }

    [Theory]
    [InlineData("Host=db;Username=u", true)]
    [InlineData("Host=db;Username=u;No Reset On Close=false", false)]
    public void PooledConnectionString_SkipsTheResetUnlessTheUserSetIt(string configured, bool expected)
    {
        var pooled = new NpgsqlConnectionStringBuilder(PooledConnectionString.From(configured));

        pooled.NoResetOnClose.Should().Be(expected);
        pooled.Host.Should().Be("db");
    }

    [Theory]
    [InlineData("Host=db;Username=u", PooledConnectionString.AutoPrepared)]
    [InlineData("Host=db;Username=u;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;Username=u;MaxAutoPrepare=5", 5)]
    public void PooledConnectionString_PreparesTheCommonStatementsUnlessTheUserSaysOtherwise(string configured, int expected)
    {
        var pooled = new NpgsqlConnectionStringBuilder(PooledConnectionString.From(configured));

        pooled.MaxAutoPrepare.Should().Be(expected);
        pooled.Username.Should().Be("u");
    }

    private static ServiceCollection Services(Dictionary<string, string?> settings)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        return services;
    }
}
