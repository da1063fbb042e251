using System.Text.Json;
using Automation.Engine.Services;
using Automation.Grains.Hosting;
using Automation.Services;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Services.Discovery;

/// <summary>
/// Registers the labelled Kubernetes Services of a namespace as monitored services. One activation in the cluster
/// runs the loop: a grain timer on <see cref="KubernetesDiscoveryOptions.Interval"/>, and a reminder that re-activates
/// it on a live silo after a silo loss. It only ever changes services it registered itself: tagged
/// <see cref="KubernetesServiceMapper.DiscoveredTag"/> and either created by discovery (the service's own
/// <c>createdBy</c>, so ownership survives a lost state write) or kept in its state. A service registered by hand under
/// the same name is left alone, and a discovered one that was re-registered by hand without the tag is released. Each
/// Service is applied on its own (one that fails is skipped with its reason, the pass goes on), and the state is
/// written after each change.
/// </summary>
internal sealed partial class KubernetesDiscoveryGrain(
    [PersistentState("kubernetes-discovery", StorageNames.Workflows)] IPersistentState<KubernetesDiscoveryState> state,
    KubernetesApiClient api,
    IOptions<KubernetesDiscoveryOptions> options,
    IOptions<EngineOptions> engine,
    ILogger<KubernetesDiscoveryGrain> logger) : Grain, IKubernetesDiscoveryGrain, IRemindable
{
    private const string Actor = "discovery:kubernetes";
    private const string ReminderName = "discovery";
    private IGrainTimer? _timer;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (options.Value.Enabled)
        {
            Arm();
        }

        return Task.CompletedTask;
    }

    async Task IKubernetesDiscoveryGrain.EnsureStartedAsync()
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        Arm();
        if (await this.GetReminder(ReminderName) is null)
        {
            await this.RegisterOrUpdateReminder(ReminderName, engine.Value.ReminderPeriod, engine.Value.ReminderPeriod);
        }
    }

    Task<DiscoverySyncResult> IKubernetesDiscoveryGrain.SyncAsync() => SyncAsync();

    Task IRemindable.ReceiveReminder(string reminderName, TickStatus status)
    {
        if (options.Value.Enabled)
        {
            Arm(); // the activation armed it already unless a failure dropped it
        }

        return Task.CompletedTask;
    }

    private void Arm()
    {
        _timer ??= this.RegisterGrainTimer(async _ => await SyncAsync(), new GrainTimerCreationOptions
        {
            DueTime = TimeSpan.Zero,
            Period = options.Value.Interval,
            KeepAlive = true,
        });
    }

    private async Task<DiscoverySyncResult> SyncAsync()
    {
        IReadOnlyList<JsonElement> items;
        try
        {
            items = await api.ListServicesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or JsonException or IOException)
        {
            // Nothing is removed on a failed list: an API outage must not delete every discovered service.
            LogListFailed(ex);
            return new DiscoverySyncResult([], [], [], [], ex.Message);
        }

        var skipped = new List<string>();
        var desired = new Dictionary<string, DiscoveredService>(StringComparer.Ordinal);
        foreach (var item in items)
        {
            if (KubernetesServiceMapper.Map(item, options.Value.DefaultProbePath, out var error, options.Value.ClusterDomain) is not { } found)
            {
                skipped.Add(error!);
                continue;
            }

            if (!desired.TryAdd(found.Name, found))
            {
                skipped.Add($"{found.Source}: the name '{found.Name}' is taken by {desired[found.Name].Source}");
            }
        }

        var (registered, updated) = await ApplyAsync(desired, skipped);
        var removed = await RemoveGoneAsync(desired, skipped);
        if (registered.Count + updated.Count + removed.Count > 0 || skipped.Count > 0)
        {
            LogSynced(registered.Count, updated.Count, removed.Count, string.Join("; ", skipped));
        }

        return new DiscoverySyncResult(registered, updated, removed, skipped, null);
    }

    /// <summary>Registers new and changed services; a service whose dependencies are registered later in the same pass is retried (up to 3 passes).</summary>
    private async Task<(List<string> Registered, List<string> Updated)> ApplyAsync(Dictionary<string, DiscoveredService> desired, List<string> skipped)
    {
        var registered = new List<string>();
        var updated = new List<string>();
        var pending = desired.Values.OrderBy(d => d.Name, StringComparer.Ordinal).ToList();
        for (var pass = 0; pass < 3 && pending.Count > 0; pass++)
        {
            var retry = new List<DiscoveredService>();
            var failures = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var service in pending)
            {
                try
                {
                    var json = JsonSerializer.Serialize(service.Spec);
                    state.State.Registered.TryGetValue(service.Name, out var previous);
                    var grain = GrainFactory.GetGrain<IServiceGrain>(service.Name);
                    var current = await grain.GetAsync();
                    if (current is not null && !IsOurs(current))
                    {
                        // Registered by hand (or taken over by hand): never touched.
                        await ForgetAsync(service.Name);
                        skipped.Add($"{service.Source}: '{service.Name}' is registered by hand; left alone");
                        continue;
                    }

                    if (current is not null && previous == json)
                    {
                        continue; // unchanged
                    }

                    var result = await grain.PutAsync(service.Spec, Actor);
                    if (result.Errors is { Count: > 0 } errors)
                    {
                        retry.Add(service);
                        failures[service.Name] = $"{service.Source}: {string.Join("; ", errors.Select(e => $"{e.Path}: {e.Message}"))}";
                        continue;
                    }

                    state.State.Registered[service.Name] = json;
                    (result.Created ? registered : updated).Add(service.Name);
                    await state.WriteStateAsync();
                }
                catch (Exception ex)
                {
                    // One Service that cannot be applied (a grain or storage failure) does not abort the pass.
                    LogServiceFailed(ex, service.Source);
                    skipped.Add($"{service.Source}: {ex.GetBaseException().Message}");
                }
            }

            if (retry.Count == pending.Count)
            {
                skipped.AddRange(failures.Values);
                break;
            }

            pending = retry;
            if (pass == 2)
            {
                skipped.AddRange(pending.Select(p => failures[p.Name]));
            }
        }

        return (registered, updated);
    }

    /// <summary>Deletes discovered services whose Kubernetes Service is gone; one that others depend on is kept until they change.</summary>
    private async Task<List<string>> RemoveGoneAsync(Dictionary<string, DiscoveredService> desired, List<string> skipped)
    {
        var removed = new List<string>();
        foreach (var name in state.State.Registered.Keys.Where(n => !desired.ContainsKey(n)).ToList())
        {
            try
            {
                var grain = GrainFactory.GetGrain<IServiceGrain>(name);
                var current = await grain.GetAsync();
                if (current is not null && !current.Spec.Tags.Contains(KubernetesServiceMapper.DiscoveredTag))
                {
                    await ForgetAsync(name); // re-registered by hand meanwhile: released, not deleted
                    continue;
                }

                var result = await grain.DeleteAsync();
                if (result.Outcome == DeleteServiceOutcome.HasDependents)
                {
                    skipped.Add($"'{name}' is gone from Kubernetes but kept: {string.Join(", ", result.Dependents)} depend on it");
                    continue;
                }

                if (result.Outcome == DeleteServiceOutcome.Deleted)
                {
                    removed.Add(name);
                }

                await ForgetAsync(name);
            }
            catch (Exception ex)
            {
                LogServiceFailed(ex, name);
                skipped.Add($"'{name}' is gone from Kubernetes but removing it failed: {ex.GetBaseException().Message}");
            }
        }

        return removed;
    }

    /// <summary>Whether discovery owns <paramref name="current"/>: tagged, and created by discovery or kept in the state.</summary>
    private bool IsOurs(ServiceSnapshot current) =>
        current.Spec.Tags.Contains(KubernetesServiceMapper.DiscoveredTag)
        && (current.CreatedBy == Actor || state.State.Registered.ContainsKey(current.Name));

    /// <summary>Drops a name from the state, writing only when it was there.</summary>
    private async Task ForgetAsync(string name)
    {
        if (state.State.Registered.Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes discovery: applying {Source} failed; the next pass tries again")]
    private partial void LogServiceFailed(Exception exception, string source);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Kubernetes discovery: listing Services failed; nothing changed")]
    private partial void LogListFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Kubernetes discovery: {Registered} registered, {Updated} updated, {Removed} removed; skipped: {Skipped}")]
    private partial void LogSynced(int registered, int updated, int removed, string skipped);
}
