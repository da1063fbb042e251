using Automation.Postgres.Tests.Grains;
using Automation.Testing;

namespace Automation.Postgres.Tests;

/// <summary>The Orleans 10.4.2 ADO.NET providers (membership, grain storage, reminders) against the shipped schema.</summary>
[Trait("Category", "Integration")]
public sealed class OrleansProvidersTests
{
    [Fact]
    public async Task Cluster_WhenDeployed_RegistersActiveSilosInMembershipTable()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();

        await using var cluster = await PostgresCluster.StartAsync(connectionString, "membership-" + Guid.NewGuid().ToString("N"));
        var active = await Sql.ScalarAsync<long>(
            connectionString,
            "SELECT count(*) FROM OrleansMembershipTable WHERE DeploymentId = @id AND Status = 3",
            ("id", cluster.Options.ClusterId));

        active.Should().Be(2);
    }

    [Fact]
    public async Task GrainState_AfterClusterIsRecreated_IsReadBack()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "storage-" + Guid.NewGuid().ToString("N");
        await using (var first = await PostgresCluster.StartAsync(connectionString, serviceId))
        {
            await first.Client.GetGrain<IProviderProbeGrain>("probe-1").SetValueAsync("first value");
            await first.Client.GetGrain<IProviderProbeGrain>("probe-1").SetValueAsync("second value");
        }

        await using var second = await PostgresCluster.StartAsync(connectionString, serviceId, silos: 1);
        var value = await second.Client.GetGrain<IProviderProbeGrain>("probe-1").GetValueAsync();

        value.Should().Be("second value");
        var payload = await Sql.ScalarAsync<string>(
            connectionString,
            "SELECT convert_from(PayloadBinary, 'UTF8') FROM OrleansStorage WHERE ServiceId = @id AND Version = 2",
            ("id", serviceId));
        payload.Should().Contain("\"second value\"", "the System.Text.Json storage serializer writes plain JSON");
    }

    [Fact]
    public async Task Reminder_WhenRegistered_IsStoredInRemindersTable()
    {
        var connectionString = await PostgresServer.CreateDatabaseAsync();
        var serviceId = "reminders-" + Guid.NewGuid().ToString("N");
        await using var cluster = await PostgresCluster.StartAsync(connectionString, serviceId);

        await cluster.Client.GetGrain<IProviderProbeGrain>("probe-2").RegisterReminderAsync("wake-up");
        await cluster.Client.GetGrain<IProviderProbeGrain>("probe-2").RegisterReminderAsync("wake-up");

        var period = await Sql.ScalarAsync<long>(
            connectionString,
            "SELECT Period FROM OrleansRemindersTable WHERE ServiceId = @id AND ReminderName = 'wake-up' AND GrainId LIKE '%probe-2%'",
            ("id", serviceId));
        period.Should().Be((long)TimeSpan.FromHours(1).TotalMilliseconds);
        var version = await Sql.ScalarAsync<int>(
            connectionString,
            "SELECT Version FROM OrleansRemindersTable WHERE ServiceId = @id AND ReminderName = 'wake-up'",
            ("id", serviceId));
        version.Should().Be(1, "the second registration updates the row");
    }
}
