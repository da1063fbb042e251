using Orleans.Storage;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// Wraps the real grain storage and fails the writes of service grains whose name starts with a prefix: a
/// registration whose state write fails, deterministically.
/// </summary>
internal sealed class FailingServiceWrites(IGrainStorage inner, string prefix) : IGrainStorage, ILifecycleParticipant<ISiloLifecycle>
{
    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ReadStateAsync(stateName, grainId, grainState);

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) =>
        stateName == "service" && grainId.Key.ToString()!.StartsWith(prefix, StringComparison.Ordinal)
            ? throw new InvalidOperationException("Injected: the service's state write failed.")
            : inner.WriteStateAsync(stateName, grainId, grainState);

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState) => inner.ClearStateAsync(stateName, grainId, grainState);

    public void Participate(ISiloLifecycle lifecycle) => (inner as ILifecycleParticipant<ISiloLifecycle>)?.Participate(lifecycle);
}
