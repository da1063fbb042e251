using Automation.Services;
using Polly;
using Polly.CircuitBreaker;

namespace Automation.Engine.Services;

/// <summary>
/// A monitored service's circuit breaker, built on Polly's: outcomes of workflow calls and probes are fed in as they
/// are reported; it opens when the failure ratio over the sampling window reaches the threshold with the minimum
/// throughput, stays open for the break, and then lets the next outcome through as the half-open trial (a success
/// closes it, a failure re-opens it). No I/O: time comes from the injected <see cref="TimeProvider"/>, so tests drive it.
/// </summary>
/// <remarks>Not thread-safe by itself: one grain activation owns it and feeds it from its turns.</remarks>
public sealed class ServiceBreaker
{
    private readonly TimeProvider _time;
    private readonly ResiliencePipeline<bool> _pipeline;
    private readonly CircuitBreakerStateProvider _state = new();
    private DateTimeOffset? _openUntil;

    /// <summary>Builds a closed breaker.</summary>
    /// <param name="settings">Ratio, throughput, window and break.</param>
    /// <param name="time">The clock.</param>
    public ServiceBreaker(BreakerSettings settings, TimeProvider time)
    {
        _time = time;
        _pipeline = new ResiliencePipelineBuilder<bool> { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<bool>
            {
                FailureRatio = settings.FailureRatio,
                MinimumThroughput = settings.MinimumThroughput,
                SamplingDuration = settings.Sampling,
                BreakDuration = settings.Break,
                StateProvider = _state,
                ShouldHandle = static args => ValueTask.FromResult(args.Outcome.Exception is not null || !args.Outcome.Result),
                OnOpened = args =>
                {
                    _openUntil = _time.GetUtcNow() + args.BreakDuration;
                    LastOpenedAt = _time.GetUtcNow();
                    return default;
                },
                OnClosed = _ =>
                {
                    _openUntil = null;
                    return default;
                },
            })
            .Build();
    }

    /// <summary>Outcomes recorded as successes.</summary>
    public long Successes { get; private set; }

    /// <summary>Outcomes recorded as failures.</summary>
    public long Failures { get; private set; }

    /// <summary>When it last opened.</summary>
    public DateTimeOffset? LastOpenedAt { get; private set; }

    /// <summary>Where it stands now: an open breaker whose break is over reads as half-open (a trial may go).</summary>
    public BreakerState State => _state.CircuitState switch
    {
        CircuitState.Closed => BreakerState.Closed,
        CircuitState.HalfOpen => BreakerState.HalfOpen,
        _ when _openUntil is { } until && until <= _time.GetUtcNow() => BreakerState.HalfOpen,
        _ => BreakerState.Open,
    };

    /// <summary>While open: when the break ends.</summary>
    public DateTimeOffset? OpenUntil => State == BreakerState.Closed ? null : _openUntil;

    /// <summary>Records one outcome; while open (the break not over) it is counted but does not move the breaker.</summary>
    /// <param name="success">Whether the call or probe succeeded.</param>
    /// <returns>Whether the breaker's state changed.</returns>
    public bool Record(bool success)
    {
        var before = State;
        if (success)
        {
            Successes++;
        }
        else
        {
            Failures++;
        }

        try
        {
            _pipeline.Execute(static ok => ok, success);
        }
        catch (BrokenCircuitException)
        {
            // Open and the break not over: Polly let nothing through; the outcome changes nothing.
        }

        return State != before;
    }

    /// <summary>Records a batch of outcomes, failures first (so a half-open trial in the batch is judged conservatively).</summary>
    /// <param name="counts">The outcomes.</param>
    /// <returns>Whether the breaker's state changed.</returns>
    public bool Record(ServiceCallCounts counts)
    {
        var before = State;
        for (var i = 0; i < counts.Failures; i++)
        {
            Record(false);
        }

        for (var i = 0; i < counts.Successes; i++)
        {
            Record(true);
        }

        return State != before;
    }

    /// <summary>The breaker as shown by the API.</summary>
    /// <returns>The snapshot.</returns>
    public BreakerSnapshot Snapshot() => new(State, OpenUntil, Successes, Failures, LastOpenedAt);
}
