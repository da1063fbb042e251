using Automation.Grains.Outbound;

namespace Automation.Testing;

/// <summary>
/// The outbound address policy of test hosts: every receiver, target and SMTP server a test starts listens on
/// loopback, so test silos allow 127.0.0.0/8 and ::1 explicitly (ADR 0019). The production default (no private
/// networks) is unchanged; tests that prove the policy clear this allowance.
/// </summary>
public static class TestOutbound
{
    /// <summary>The allow entries test silos add.</summary>
    public static IReadOnlyList<string> Loopback { get; } = ["127.0.0.0/8", "::1/128"];

    /// <summary>The entries as environment variables of a silo process (<c>Automation__Outbound__Allow__N</c>).</summary>
    public static IReadOnlyDictionary<string, string> Environment { get; } =
        Loopback.Select((entry, i) => (Key: $"Automation__Outbound__Allow__{i}", Value: entry)).ToDictionary(p => p.Key, p => p.Value);

    /// <summary>Allows loopback.</summary>
    /// <param name="options">The options.</param>
    public static void Configure(OutboundOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        foreach (var entry in Loopback)
        {
            options.Allow.Add(entry);
        }
    }
}
