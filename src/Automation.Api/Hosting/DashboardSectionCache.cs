using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Automation.Api.Hosting;

/// <summary>
/// Keeps the dashboard's caller-independent sections (workflow figures per window, service and alert counts, agent
/// queues) for <see cref="ApiOptions.DashboardCacheDuration"/> in this API process: every open console tab polls every
/// 30 s, and one poll costs an aggregate over the visibility table and 1 + C x (2 + P) grain calls. Who may see a
/// section is still decided per request, before the cache is asked.
/// </summary>
/// <param name="cache">The process's memory cache.</param>
/// <param name="options">The cache duration.</param>
public sealed class DashboardSectionCache(IMemoryCache cache, IOptions<ApiOptions> options)
{
    /// <summary>Returns the section read less than the cache duration ago, or reads it; a failed read is not kept.</summary>
    /// <typeparam name="T">The section's type.</typeparam>
    /// <param name="key">The section and its parameters, e.g. <c>workflows:1h</c>.</param>
    /// <param name="read">Reads the section.</param>
    /// <returns>The section.</returns>
    public async Task<T?> GetOrReadAsync<T>(string key, Func<Task<T?>> read)
        where T : class
    {
        var duration = options.Value.DashboardCacheDuration;
        if (duration <= TimeSpan.Zero)
        {
            return await read();
        }

        return await cache.GetOrCreateAsync("dashboard:" + key, entry =>
        {
            entry.AbsoluteExpirationRelativeToNow = duration;
            return read();
        });
    }
}
