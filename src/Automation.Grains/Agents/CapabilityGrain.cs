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
        state.State.Limits = limits;
        await state.WriteStateAsync();
        _permits.SetLimits(limits.MaxConcurrency, limits.MaxDispatchPerSecond);
        await GrainFactory.GetGrain<IAgentRegistryGrain>(IAgentRegistryGrain.Key).AddCapabilityAsync(Name);
        for (var p = 0; p < options.Value.AgentQueuePartitions; p++)
        {
            _ = GrainFactory.GetGrain<ITaskQueueGrain>(AgentNames.QueueKey(Name, p)).LimitsChangedAsync();
        }
    }

    Task<int> ICapabilityGrain.AcquireAsync(int partition, int leased, int requested) =>
        Task.FromResult(_permits.Grant(partition, leased, requested, time.GetUtcNow()));

    Task ICapabilityGrain.ReportLeasedAsync(int partition, int leased)
    {
        _permits.Report(partition, leased);
        return Task.CompletedTask;
    }
}
