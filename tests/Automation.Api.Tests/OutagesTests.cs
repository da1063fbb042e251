using System.Net.Sockets;
using Automation.Api.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using Orleans.Runtime;
using Orleans.Serialization;

namespace Automation.Api.Tests;

/// <summary>
/// Which failures answer 503 (<see cref="Outages"/>): the exception shapes observed with PostgreSQL stopped and with the
/// API's gateway silo killed (DatabaseOutageTests and GatewayKillTests run them for real), and that nothing else does.
/// </summary>
public sealed class OutagesTests
{
    public static TheoryData<Exception, Outage> Cases => new()
    {
        { new StorageUnavailableException("Workflow w: the state could not be written"), Outage.Database },
        { new NpgsqlException("Failed to connect to 127.0.0.1:5432", new SocketException(111)), Outage.Database },
        { new PostgresException("terminating connection due to administrator command", "FATAL", "FATAL", "57P01"), Outage.Database },
        { new CodecNotFoundException("Could not find a codec for type Npgsql.NpgsqlException."), Outage.Database },
        { new CodecNotFoundException("Could not find a codec for type Npgsql.PostgresException."), Outage.Database },
        { new OrleansException("Error from storage provider", new NpgsqlException("Failed to connect")), Outage.Database },
        { new AggregateException(new InvalidOperationException("other"), new StorageUnavailableException("x")), Outage.Database },
        { new SiloUnavailableException(), Outage.Cluster },
        { new TimeoutException("Response did not arrive on time"), Outage.Cluster },
        { new GatewayConnectionLostException(), Outage.Cluster },
        { new OrleansException("wrapped", new Orleans.Runtime.Messaging.ConnectionFailedException("refused")), Outage.Cluster },
        { new CodecNotFoundException("Could not find a codec for type System.Text.Json.Nodes.JsonObject."), Outage.None },
        { new CodecNotFoundException("Could not find a codec for type No.Such.Type."), Outage.None },
        { new InvalidOperationException("a bug"), Outage.None },
        { new OrleansException("a bug"), Outage.None },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_KnownShapes(Exception exception, Outage expected) => Outages.Classify(exception).Should().Be(expected);

    [Fact]
    public async Task RunAsync_GatewayConnectionClosesMidCall_StopsWaitingAndRetries()
    {
        var gateways = new GatewayConnectionMonitor(NullLogger<GatewayConnectionMonitor>.Instance);
        var calls = new ClusterCalls(TimeProvider.System, gateways);
        var lost = new TaskCompletionSource<string>(); // an answer that went down with its gateway: never comes
        var attempts = new List<int>();
        var sent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

        var run = calls.RunAsync(
            attempt =>
            {
                attempts.Add(attempt);
                sent.TrySetResult();
                return attempt == 0 ? lost.Task : Task.FromResult("answered by another gateway");
            },
            CancellationToken.None);
        await sent.Task;
        gateways.NotifyGatewayCountChanged(1, 2, connectionRecovered: false);

        (await run.WaitAsync(TimeSpan.FromSeconds(10))).Should().Be("answered by another gateway");
        attempts.Should().Equal(0, 1);
    }

    [Fact]
    public async Task RunAsync_StorageUnavailable_IsNotRetried()
    {
        var calls = new ClusterCalls(TimeProvider.System, new GatewayConnectionMonitor(NullLogger<GatewayConnectionMonitor>.Instance));
        var attempts = 0;

        var act = () => calls.RunAsync<int>(_ => { attempts++; throw new StorageUnavailableException("down"); }, CancellationToken.None);

        await act.Should().ThrowAsync<StorageUnavailableException>();
        attempts.Should().Be(1, "a database outage answers 503 at once; the client retries");
    }
}
