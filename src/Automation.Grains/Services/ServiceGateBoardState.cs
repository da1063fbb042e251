using Automation.Services;

namespace Automation.Grains.Services;

/// <summary>Persisted state of the gate board: every service's gate and a version bumped on each change.</summary>
[GenerateSerializer, Alias("automation.grains.ServiceGateBoardState")]
public sealed class ServiceGateBoardState
{
    /// <summary>Bumped on every change.</summary>
    [Id(0)] public long Version { get; set; }

    /// <summary>The gates by service name.</summary>
    [Id(1)] public Dictionary<string, ServiceGate> Gates { get; set; } = new(StringComparer.Ordinal);
}
