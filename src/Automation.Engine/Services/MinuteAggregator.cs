using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>
/// Collects probe latencies per service and UTC minute in memory and hands out each minute's aggregate (count,
/// failures, p50, p95, max) once it is over, so PostgreSQL gets one row per service and minute instead of one per probe.
/// Not thread-safe: one writer owns it.
/// </summary>
public sealed class MinuteAggregator
{
    private readonly Dictionary<(string Service, DateTimeOffset Minute), Bucket> _buckets = [];

    /// <summary>Buckets open now.</summary>
    public int Open => _buckets.Count;

    /// <summary>Adds one probe result to the minute it finished in.</summary>
    /// <param name="service">The service.</param>
    /// <param name="result">The result.</param>
    public void Add(string service, ProbeResult result)
    {
        var finished = result.StartedAt.AddMilliseconds(result.LatencyMs);
        var key = (service, MinuteOf(finished));
        if (!_buckets.TryGetValue(key, out var bucket))
        {
            _buckets[key] = bucket = new Bucket();
        }

        bucket.Latencies.Add(result.LatencyMs);
        if (!result.Passed)
        {
            bucket.Failures++;
        }
    }

    /// <summary>Removes and returns the aggregates of minutes that ended at or before <paramref name="now"/> (all of them when <paramref name="all"/>).</summary>
    /// <param name="now">The time.</param>
    /// <param name="all">Also the open minutes (at shutdown; a later part of such a minute is merged into the same row).</param>
    /// <returns>The aggregates.</returns>
    public IReadOnlyList<ServiceMinute> Drain(DateTimeOffset now, bool all = false)
    {
        var done = _buckets.Where(b => all || b.Key.Minute.AddMinutes(1) <= now).ToList();
        var result = new List<ServiceMinute>(done.Count);
        foreach (var ((service, minute), bucket) in done)
        {
            _buckets.Remove((service, minute));
            result.Add(ToMinute(service, minute, bucket));
        }

        return result;
    }

    /// <summary>The aggregates of <paramref name="service"/>'s open minutes, without removing them (for reads before they are stored).</summary>
    /// <param name="service">The service.</param>
    /// <returns>The aggregates, oldest first.</returns>
    public IReadOnlyList<ServiceMinute> Peek(string service) =>
        [.. _buckets.Where(b => b.Key.Service == service).OrderBy(b => b.Key.Minute).Select(b => ToMinute(b.Key.Service, b.Key.Minute, b.Value))];

    /// <summary>Drops every open minute of <paramref name="service"/> (it was deleted).</summary>
    /// <param name="service">The service.</param>
    public void Forget(string service)
    {
        foreach (var key in _buckets.Keys.Where(k => k.Service == service).ToList())
        {
            _buckets.Remove(key);
        }
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    /// <param name="sorted">Values in ascending order (at least one).</param>
    /// <param name="q">The quantile, 0–1.</param>
    /// <returns>The value.</returns>
    public static double Percentile(IReadOnlyList<double> sorted, double q)
    {
        var rank = (int)Math.Ceiling(q * sorted.Count);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Count - 1)];
    }

    /// <summary>The start of the UTC minute holding <paramref name="at"/>.</summary>
    /// <param name="at">The time.</param>
    /// <returns>The minute.</returns>
    public static DateTimeOffset MinuteOf(DateTimeOffset at)
    {
        var utc = at.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, 0, TimeSpan.Zero);
    }

    private static ServiceMinute ToMinute(string service, DateTimeOffset minute, Bucket bucket)
    {
        var sorted = bucket.Latencies.Order().ToArray();
        return new ServiceMinute(service, minute, sorted.Length, bucket.Failures, Percentile(sorted, 0.50), Percentile(sorted, 0.95), sorted[^1]);
    }

    private sealed class Bucket
    {
        public List<double> Latencies { get; } = [];

        public int Failures { get; set; }
    }
}
