using Automation.Agents;
using Automation.Engine.Agents;
using Automation.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Agents;

/// <summary>
/// One capability's limits and the permits its partitions lease under. Partitions ask it only while limits are set,
/// so an unlimited capability has no per-capability hot spot. The lease counts it keeps are the partitions' own
/// reports, so a partition that restarts corrects them with its next report.
/// </summary>
internal sealed class CapabilityGrain(
    [PersistentState("capability", StorageNames.Workflows)] IPersistentState<CapabilityState> state,
    IOptions<EngineOptions> options,
    TimeProvider time) : Grain, ICapabilityGrain
{
    private readonly CapabilityPermits _permits = new();

    /// <summary>Whether this activation's lease counts cover every partition (see <see cref="LearnCountsAsync"/>).</summary>
    private bool _countsKnown;

    /// <summary>How long learning the counts waits for a partition; an unreachable one fails the acquire (no grant) without holding this grain for Orleans' 30 s response timeout.</summary>
    private static readonly TimeSpan LearnTimeout = TimeSpan.FromSeconds(5);

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _permits.SetLimits(state.State.Limits.MaxConcurrency, state.State.Limits.MaxDispatchPerSecond);
        return Task.CompletedTask;
    }

    Task<CapabilityLimits> ICapabilityGrain.GetLimitsAsync() => Task.FromResult(state.State.Limits);

    Task<int> ICapabilityGrain.GetPartitionsAsync() => Task.FromResult(options.Value.AgentQueuePartitions);

    async Task ICapabilityGrain.SetLimitsAsync(CapabilityLimits limits)
    {
        var wasCounting = state.State.Limits.MaxConcurrency is not null || state.State.Limits.MaxDispatchPerSecond is not null;
        state.State.Limits = limits;
        await state.WriteStateAsync();
        _permits.SetLimits(limits.MaxConcurrency, limits.MaxDispatchPerSecond);
        _countsKnown &= wasCounting; // without limits the partitions did not report: the next acquire asks them
        await GrainFactory.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).AddCapabilityAsync(Name);
        for (var p = 0; p < options.Value.AgentQueuePartitions; p++)
        {
            _ = GrainFactory.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(Name, p)).LimitsChangedAsync();
        }
    }

    async Task<int> ICapabilityGrain.AcquireAsync(int partition, int leased, int requested)
    {
        if (!_countsKnown && _permits.MaxConcurrency is not null)
        {
            await LearnCountsAsync(partition);
        }

        return _permits.Grant(partition, leased, requested, time.GetUtcNow());
    }

    /// <summary>
    /// A new activation (after idle collection or a lost silo), or one whose limits were just set, knows no partition's
    /// leases: a partition holding leases but with nothing to acquire would never say, and other partitions would be
    /// granted past the limit. Before its first grant it asks every other partition what it holds (the asking
    /// partition's count comes with its request). <see cref="ITaskQueueGrain.GetStatsAsync"/> interleaves, so a
    /// partition that is itself waiting on this grain answers. A partition that cannot answer fails the acquire: no
    /// grant until the counts are known (at most <see cref="LearnTimeout"/> per try).
    /// </summary>
    private async Task LearnCountsAsync(int asking)
    {
        var others = Enumerable.Range(0, options.Value.AgentQueuePartitions).Where(p => p != asking).ToList();
        var stats = await Task.WhenAll(others.Select(p =>
            GrainFactory.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(Name, p)).GetStatsAsync().WaitAsync(LearnTimeout, time)));
        for (var i = 0; i < others.Count; i++)
        {
            // Never lower a count this activation holds: a grant it made may not have reached its partition yet.
            _permits.Report(others[i], Math.Max(_permits.LeasedBy(others[i]), stats[i].Leased));
        }

        _countsKnown = true;
    }

    Task ICapabilityGrain.ReportLeasedAsync(int partition, int leased)
    {
        _permits.Report(partition, leased);
        return Task.CompletedTask;
    }
}
