namespace Automation.Postgres.Tests.Grains;

/// <summary>Implements <see cref="IProviderProbeGrain"/> on the <c>test</c> ADO.NET storage.</summary>
/// <param name="state">The persistent state.</param>
internal sealed class ProviderProbeGrain(
    [PersistentState("probe", ProviderProbeGrain.StorageName)] IPersistentState<ProviderProbeState> state)
    : Grain, IProviderProbeGrain, IRemindable
{
    /// <summary>The grain storage provider name.</summary>
    public const string StorageName = "test";

    /// <inheritdoc/>
    public async Task SetValueAsync(string value)
    {
        state.State.Value = value;
        await state.WriteStateAsync();
    }

    /// <inheritdoc/>
    public Task<string?> GetValueAsync() => Task.FromResult(state.State.Value);

    /// <inheritdoc/>
    public async Task RegisterReminderAsync(string name)
    {
        await this.RegisterOrUpdateReminder(name, TimeSpan.FromHours(1), TimeSpan.FromHours(1));
    }

    /// <inheritdoc/>
    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
