using System.Reflection;
using Orleans.TestingHost;

namespace Automation.Testing;

/// <summary>Lets an in-process test cluster use a real membership provider instead of its built-in in-memory one.</summary>
public static class TestClusterMembership
{
    /// <summary>
    /// Turns off the in-process cluster's own membership table and gateway list, which it registers after our
    /// configuration and which would hide the ADO.NET clustering provider. The switch is internal in
    /// Orleans.TestingHost 10.4.2; this fails loudly if a later version renames it.
    /// </summary>
    /// <param name="options">The cluster options.</param>
    public static void UseProviderMembership(InProcessTestClusterOptions options)
    {
        var property = typeof(InProcessTestClusterOptions).GetProperty("UseTestClusterMembership", BindingFlags.Instance | BindingFlags.NonPublic)
            ?? throw new InvalidOperationException("InProcessTestClusterOptions.UseTestClusterMembership no longer exists; update TestClusterMembership.");
        property.SetValue(options, false);
    }
}
