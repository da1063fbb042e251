namespace Automation.Api.Hosting;

/// <summary>
/// Tells <see cref="ClusterCalls"/> when one of the Orleans client's gateway connections has closed, so that the calls
/// in flight at that moment stop waiting for answers that may never come.
/// </summary>
/// <remarks>
/// The Orleans client sends each call through one gateway silo and the answer comes back the same way. When that silo
/// dies (<c>kill -9</c>, a lost host), Orleans 10 does not fail the calls that went through it: each waits for the
/// full response timeout (<see cref="Orleans.Configuration.MessagingOptions.ResponseTimeout"/>). The client does report
/// every closed gateway connection to <see cref="IClusterConnectionStatusObserver"/>s, but not which calls used it, so
/// this monitor trips for <em>every</em> call in flight: the calls through the surviving gateways are retried too. All
/// the API's calls are safe to repeat (a start carries its request id, see <c>WorkflowsApi.StartAsync</c>).
/// </remarks>
/// <param name="logger">Logs each trip.</param>
public sealed partial class GatewayConnectionMonitor(ILogger<GatewayConnectionMonitor> logger) : IClusterConnectionStatusObserver
{
    private CancellationTokenSource _lost = new();

    /// <summary>Cancelled when a gateway connection closes after this token was read; a fresh token is issued each time.</summary>
    public CancellationToken ConnectionLost => Volatile.Read(ref _lost).Token;

    /// <inheritdoc />
    public void NotifyGatewayCountChanged(int currentNumberOfGateways, int previousNumberOfGateways, bool connectionRecovered)
    {
        if (currentNumberOfGateways < previousNumberOfGateways)
        {
            LogGatewayLost(currentNumberOfGateways);
            Trip();
        }
    }

    /// <inheritdoc />
    public void NotifyClusterConnectionLost()
    {
        LogClusterLost();
        Trip();
    }

    private void Trip()
    {
        var tripped = Interlocked.Exchange(ref _lost, new CancellationTokenSource());
        // Callbacks (the waiting calls' retries) run on the thread pool, not on Orleans' connection thread.
        _ = tripped.CancelAsync();
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A gateway connection closed ({Connected} still connected): calls in flight are retried.")]
    private partial void LogGatewayLost(int connected);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The connection to the cluster was lost: calls in flight are retried.")]
    private partial void LogClusterLost();
}
