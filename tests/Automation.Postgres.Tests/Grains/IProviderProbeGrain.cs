namespace Automation.Postgres.Tests.Grains;

/// <summary>A grain that touches each ADO.NET provider: grain storage and reminders.</summary>
[Alias("automation.tests.IProviderProbeGrain")]
public interface IProviderProbeGrain : IGrainWithStringKey
{
    /// <summary>Stores <paramref name="value"/> in the grain's persistent state.</summary>
    /// <param name="value">The value.</param>
    /// <returns>A task that completes once the state is written.</returns>
    [Alias("SetValue")]
    Task SetValueAsync(string value);

    /// <summary>Reads the value from the grain's persistent state.</summary>
    /// <returns>The value, or <see langword="null"/> when none was stored.</returns>
    [Alias("GetValue")]
    Task<string?> GetValueAsync();

    /// <summary>Registers a reminder due in an hour.</summary>
    /// <param name="name">The reminder name.</param>
    /// <returns>A task that completes once the reminder is stored.</returns>
    [Alias("RegisterReminder")]
    Task RegisterReminderAsync(string name);
}
