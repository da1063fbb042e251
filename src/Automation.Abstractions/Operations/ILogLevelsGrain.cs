namespace Automation.Operations;

/// <summary>
/// The log-level overrides set at run time (<c>PUT /api/v1/system/log-levels/{category}</c>), one grain for the whole
/// cluster. Every silo and API process reads it every few seconds and applies what changed, over its configured levels.
/// </summary>
[Alias("automation.ILogLevelsGrain")]
public interface ILogLevelsGrain : IGrainWithStringKey
{
    /// <summary>The one key.</summary>
    const string Key = "all";

    /// <summary>Reads the overrides.</summary>
    /// <returns>The overrides and their version.</returns>
    [Alias("Get")]
    Task<LogLevelOverrides> GetAsync();

    /// <summary>Sets or removes one category's override.</summary>
    /// <param name="category">A log category (or <c>Default</c>), already validated.</param>
    /// <param name="level">A level name (<c>Trace</c> ... <c>None</c>), or <see langword="null"/> to remove the override.</param>
    /// <returns>The overrides after the change.</returns>
    [Alias("Set")]
    Task<LogLevelOverrides> SetAsync(string category, string? level);
}
