using Orleans.Runtime.Messaging;
using Polly;
using Polly.Retry;

namespace Automation.Api.Hosting;

/// <summary>
/// Retries grain calls that fail while a silo is being replaced (messages rejected, silo unavailable, gateway lost).
/// Every call the API makes is idempotent, so a retry is safe.
/// </summary>
public sealed class ClusterCalls
{
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Builds the pipeline.</summary>
    /// <param name="time">The clock.</param>
    public ClusterCalls(TimeProvider time)
    {
        _pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder().Handle<OrleansMessageRejectionException>().Handle<SiloUnavailableException>()
                    .Handle<ConnectionFailedException>().Handle<GatewayTooBusyException>().Handle<TimeoutException>(),
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
    /// <param name="cancellationToken">Cancels waiting between retries.</param>
    /// <returns>The call's result.</returns>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async _ => await call(), cancellationToken);
}
