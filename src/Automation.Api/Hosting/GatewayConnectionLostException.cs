namespace Automation.Api.Hosting;

/// <summary>
/// A grain call was in flight when a gateway connection closed (see <see cref="GatewayConnectionMonitor"/>): its
/// answer may never come, so <see cref="ClusterCalls"/> stopped waiting. The call may or may not have run; it is retried.
/// </summary>
public sealed class GatewayConnectionLostException : Exception
{
    /// <summary>Creates the exception.</summary>
    public GatewayConnectionLostException()
        : base("A gateway connection closed while the call was in flight; its answer may never come.")
    {
    }
}
