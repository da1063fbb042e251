using Automation.Grains.Hosting;
using Automation.Grains.Services;
using Automation.Persistence;
using Automation.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// The recorder's flush and prune share the set of written services only under the flush lock: a deterministic
/// interleaving (a flush held inside its database write while a prune starts) shows the prune waits and takes what
/// the flush wrote (unit tier: a store the test gates, no silo).
/// </summary>
public sealed class ServiceHealthRecorderTests
{
    /// <summary>A history store whose appends wait for the test's gate; it records the services each prune names.</summary>
    private sealed class GatedStore : IServiceHealthStore
    {
        public TaskCompletionSource AppendEntered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public List<IReadOnlyCollection<string>> Prunes { get; } = [];

        public async Task AppendAsync(IReadOnlyList<ServiceProbeRecord> probes, IReadOnlyList<ServiceMinute> minutes, IReadOnlyList<ServiceTransition> transitions, CancellationToken cancellationToken = default)
        {
            AppendEntered.TrySetResult();
            await Gate.Task;
        }

        public Task<(IReadOnlyList<ProbeResult> Probes, IReadOnlyList<ServiceMinute> Minutes, IReadOnlyList<ServiceTransition> Transitions)> ReadAsync(
            string service, int probes, DateTimeOffset minutesSince, DateTimeOffset transitionsSince, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public Task PruneAsync(IReadOnlyCollection<string> services, int keepProbes, DateTimeOffset probesBefore, DateTimeOffset minutesBefore, DateTimeOffset transitionsBefore, CancellationToken cancellationToken = default)
        {
            Prunes.Add([.. services]);
            return Task.CompletedTask;
        }

        public Task DeleteAsync(string service, CancellationToken cancellationToken = default) => Task.CompletedTask;
    }

    [Fact]
    public async Task PruneAsync_WhileAFlushIsWriting_WaitsForItAndPrunesWhatItWrote()
    {
        var store = new GatedStore();
        var services = new ServiceCollection().AddSingleton<IServiceHealthStore>(store).BuildServiceProvider();
        using var recorder = new ServiceHealthRecorder(services, Options.Create(new ServiceMonitorOptions()), TimeProvider.System, NullLogger<ServiceHealthRecorder>.Instance);
        var now = DateTimeOffset.UtcNow;
        recorder.Record("billing", new ProbeResult(now, now, 1.5, true, "HTTP 200"));

        var flush = recorder.FlushAsync(all: true, CancellationToken.None);
        await store.AppendEntered.Task; // the flush is inside its write now, holding the lock
        var prune = recorder.PruneAsync(now, CancellationToken.None);
        var pruneRanDuringTheWrite = prune.IsCompleted;
        store.Gate.SetResult();
        await flush;
        await prune;

        pruneRanDuringTheWrite.Should().BeFalse("the prune waits for the flush that holds the written set");
        store.Prunes.Should().ContainSingle().Which.Should().Equal("billing");
    }
}
