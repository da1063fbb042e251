namespace Automation.Postgres.Tests.Grains;

/// <summary>The persistent state of <see cref="ProviderProbeGrain"/>.</summary>
[GenerateSerializer, Alias("automation.tests.ProviderProbeState")]
public sealed class ProviderProbeState
{
    /// <summary>The stored value.</summary>
    [Id(0)]
    public string? Value { get; set; }
}
