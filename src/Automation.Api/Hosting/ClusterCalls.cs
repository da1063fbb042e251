using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace Automation.Api.Hosting;

/// <summary>
/// Runs the API's grain calls: retries those that fail while a silo is being replaced (messages rejected, silo
/// unavailable, gateway lost or too busy, no answer in time), and stops waiting for a call at once when a gateway
/// connection closes under it (<see cref="GatewayConnectionMonitor"/>) instead of waiting for the response timeout.
/// Every call the API makes is safe to repeat: reads and waits are idempotent, a start carries its request id, and a
/// cancel that finds its own earlier attempt's result is answered as a success.
/// </summary>
/// <remarks>
/// Database outages (<c>StorageUnavailableException</c>) are not retried here: they answer <c>503</c> with
/// <c>Retry-After</c> at once (<see cref="UnavailableExceptionHandler"/>), and the client retries.
/// </remarks>
public sealed class ClusterCalls
{
    private readonly ResiliencePipeline _pipeline;
    private readonly GatewayConnectionMonitor _gateways;

    /// <summary>Builds the pipeline.</summary>
    /// <param name="time">The clock.</param>
    /// <param name="gateways">Reports closed gateway connections.</param>
    public ClusterCalls(TimeProvider time, GatewayConnectionMonitor gateways)
    {
        _gateways = gateways;
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<OrleansMessageRejectionException>().Handle<SiloUnavailableException>()
                    .Handle<ConnectionFailedException>().Handle<GatewayTooBusyException>().Handle<TimeoutException>()
                    .Handle<GatewayConnectionLostException>(),
                MaxRetryAttempts = 8,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromMilliseconds(100),
                MaxDelay = TimeSpan.FromSeconds(2),
            })
            .Build();
    }

    /// <summary>Runs a grain call with retries.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="call">The call.</param>
    /// <param name="cancellationToken">Stops waiting (for the call or between retries), e.g. when the HTTP client goes away.</param>
    /// <returns>The call's result.</returns>
    public Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        RunAsync(_ => call(), cancellationToken);

    /// <summary>Runs a grain call with retries, telling the call which attempt it is.</summary>
    /// <typeparam name="T">The result type.</typeparam>
    /// <param name="call">The call; its argument is 0 for the first attempt, 1 for the first retry, and so on.</param>
    /// <param name="cancellationToken">Stops waiting (for the call or between retries), e.g. when the HTTP client goes away.</param>
    /// <returns>The call's result.</returns>
    public async Task<T> RunAsync<T>(Func<int, Task<T>> call, CancellationToken cancellationToken)
    {
        var attempt = 0;
        return await _pipeline.ExecuteAsync(
            async token =>
            {
                // Read before sending: a connection that closes while the call is being sent must trip this call too.
                var lost = _gateways.ConnectionLost;
                return await AttemptAsync(call(attempt++), lost, token);
            },
            cancellationToken);
    }

    private static async Task<T> AttemptAsync<T>(Task<T> call, CancellationToken lost, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(lost, cancellationToken);
        try
        {
            return await call.WaitAsync(stop.Token);
        }
        catch (OperationCanceledException) when (!call.IsCompleted)
        {
            // The abandoned call ends by itself (answer or response timeout); observe it so its fault goes nowhere.
            _ = call.ContinueWith(static t => t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted | TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            if (lost.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new GatewayConnectionLostException();
            }

            throw;
        }
    }
}
