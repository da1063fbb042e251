namespace Automation.Api.Hosting;

/// <summary>
/// Request rate limits (<see cref="RateLimitPolicies"/>). Bound from the configuration section
/// <c>Automation:Api:RateLimits</c>. Each API process keeps its own counters in memory, so with N API instances a
/// caller gets up to N times these rates.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Api:RateLimits";

    /// <summary>
    /// Requests per second that one principal (user or API key; an anonymous caller by its IP address) may sustain on
    /// <c>/api/v1</c> and <c>/dashboard</c>: the refill rate of its token bucket. Default 200.
    /// </summary>
    public int PermitsPerSecond { get; set; } = 200;

    /// <summary>The size of each principal's token bucket: how many requests it may make at once. Default 400.</summary>
    public int Burst { get; set; } = 400;

    /// <summary>
    /// Sign-in attempts (<c>POST /api/v1/auth/token</c> and <c>/auth/refresh</c> together) per client IP address per
    /// minute, without queueing. Default 10.
    /// </summary>
    public int SignInsPerMinute { get; set; } = 10;
}
