namespace Automation.Engine.Agents;

/// <summary>
/// The limits of one capability across its queue partitions: at most <see cref="MaxConcurrency"/> leases at once and
/// at most <see cref="MaxDispatchPerSecond"/> leases per second (a token bucket holding one second's worth).
/// Partitions report how many leases they hold, so a lost partition's count is corrected by its next report.
/// </summary>
public sealed class CapabilityPermits
{
    private readonly Dictionary<int, int> _leased = [];
    private double _tokens;
    private DateTimeOffset? _refilledAt;

    /// <summary>Most leases at once; <see langword="null"/> for no limit.</summary>
    public int? MaxConcurrency { get; private set; }

    /// <summary>Most leases per second; <see langword="null"/> for no limit.</summary>
    public double? MaxDispatchPerSecond { get; private set; }

    /// <summary>Leases held across the partitions that reported.</summary>
    public int Leased => _leased.Values.Sum();

    /// <summary>Sets the limits.</summary>
    /// <param name="maxConcurrency">Most leases at once, or <see langword="null"/>.</param>
    /// <param name="maxDispatchPerSecond">Most leases per second, or <see langword="null"/>.</param>
    public void SetLimits(int? maxConcurrency, double? maxDispatchPerSecond)
    {
        MaxConcurrency = maxConcurrency;
        if (MaxDispatchPerSecond != maxDispatchPerSecond)
        {
            MaxDispatchPerSecond = maxDispatchPerSecond;
            _tokens = Math.Max(1, maxDispatchPerSecond ?? 0);
            _refilledAt = null;
        }
    }

    /// <summary>The leases counted for a partition (0 if it never reported).</summary>
    /// <param name="partition">The partition.</param>
    /// <returns>Its count.</returns>
    public int LeasedBy(int partition) => _leased.GetValueOrDefault(partition);

    /// <summary>Records how many leases a partition holds now.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="leased">Its leases.</param>
    public void Report(int partition, int leased) => _leased[partition] = Math.Max(0, leased);

    /// <summary>Grants up to <paramref name="requested"/> new leases to a partition that holds <paramref name="leased"/> now, and counts them as held.</summary>
    /// <param name="partition">The partition.</param>
    /// <param name="leased">The leases it holds before these.</param>
    /// <param name="requested">How many it wants.</param>
    /// <param name="now">The time (for the rate).</param>
    /// <returns>How many it may lease.</returns>
    public int Grant(int partition, int leased, int requested, DateTimeOffset now)
    {
        Report(partition, leased);
        var granted = Math.Max(0, requested);
        if (MaxConcurrency is { } max)
        {
            granted = Math.Min(granted, Math.Max(0, max - Leased));
        }

        if (MaxDispatchPerSecond is { } rate)
        {
            var elapsed = _refilledAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : 0;
            _tokens = Math.Min(Math.Max(1, rate), _tokens + elapsed * rate);
            _refilledAt = now;
            granted = Math.Min(granted, (int)Math.Floor(_tokens));
            _tokens -= granted;
        }

        _leased[partition] = leased + granted;
        return granted;
    }

    /// <summary>When a refused partition may get a rate permit again; <see langword="null"/> without a rate limit.</summary>
    /// <param name="now">The time.</param>
    /// <returns>The wait.</returns>
    public TimeSpan? NextTokenIn(DateTimeOffset now) =>
        MaxDispatchPerSecond is { } rate && rate > 0 ? TimeSpan.FromSeconds(Math.Max(0, 1 - _tokens) / rate) : null;
}
