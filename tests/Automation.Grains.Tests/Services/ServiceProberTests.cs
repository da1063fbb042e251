using System.Net;
using System.Net.Sockets;
using Automation.Grains.Outbound;
using Automation.Grains.Services;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// A probe started from a grain's scheduler runs on the thread pool, not on that scheduler (review finding: Task.Yield
/// posts back to the current scheduler). An exclusive scheduler stands in for the activation's; a clock that records
/// the scheduler it is read on shows where the probe's own work ran (unit tier, a real local TCP listener).
/// </summary>
public sealed class ServiceProberTests
{
    private sealed class SchedulerRecordingTime : TimeProvider
    {
        public List<TaskScheduler> ReadOn { get; } = [];

        public override DateTimeOffset GetUtcNow()
        {
            lock (ReadOn)
            {
                ReadOn.Add(TaskScheduler.Current);
            }

            return base.GetUtcNow();
        }
    }

    [Fact]
    public async Task ProbeAsync_StartedOnAGrainLikeScheduler_RunsOnTheThreadPool()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        var outbound = new OutboundOptions();
        outbound.Allow.Add("127.0.0.0/8");
        using var services = new ServiceCollection().AddHttpClient().BuildServiceProvider();
        var time = new SchedulerRecordingTime();
        var prober = new ServiceProber(services.GetRequiredService<IHttpClientFactory>(), new OutboundConnector(new OutboundAddressPolicy(Options.Create(outbound))), null!, time);
        var activation = new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler;
        var probe = new ProbeSpec(ProbeType.Tcp, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1)) { Host = "127.0.0.1", Port = port };

        var result = await Task.Factory.StartNew(
            () => prober.ProbeAsync("svc", probe, DateTimeOffset.UtcNow, CancellationToken.None), CancellationToken.None, TaskCreationOptions.None, activation).Unwrap();

        result.Passed.Should().BeTrue(result.Detail);
        time.ReadOn.Should().NotBeEmpty().And.OnlyContain(s => s == TaskScheduler.Default, "no part of the probe runs on the caller's scheduler");
    }
}
