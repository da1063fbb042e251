namespace Automation.Grains.Operations;

/// <summary>Persisted state of the log-level overrides.</summary>
[GenerateSerializer, Alias("automation.grains.LogLevelsState")]
public sealed class LogLevelsState
{
    /// <summary>Incremented by every change.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>Level names by category.</summary>
    [Id(1)] public Dictionary<string, string> Levels { get; set; } = new(StringComparer.Ordinal);
}
