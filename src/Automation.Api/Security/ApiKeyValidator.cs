using System.Collections.Concurrent;
using Automation.Security;

namespace Automation.Api.Security;

/// <summary>
/// Checks presented API keys against the store, caching each key's record briefly so that an agent polling often
/// costs no database read per call, and recording its last use at most once a minute. A revocation through this API
/// pod applies at once, through another pod within <see cref="MaxAge"/>.
/// </summary>
/// <param name="store">The keys.</param>
/// <param name="time">The clock.</param>
public sealed class ApiKeyValidator(IApiKeyStore store, TimeProvider time)
{
    /// <summary>How long a read key record is used.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private static readonly TimeSpan TouchEvery = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<string, (DateTimeOffset ReadAt, ApiKeyRecord? Key)> _cache = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, DateTimeOffset> _touched = new(StringComparer.Ordinal);

    /// <summary>The key record when <paramref name="presented"/> is a valid, unexpired, unrevoked key.</summary>
    /// <param name="presented">The key the caller sent.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/>.</returns>
    public async Task<ApiKeyRecord?> ValidateAsync(string presented, CancellationToken cancellationToken)
    {
        if (!ApiKeyFormat.TryParse(presented, out var id))
        {
            return null;
        }

        var now = time.GetUtcNow();
        if (!_cache.TryGetValue(id, out var cached) || now - cached.ReadAt >= MaxAge)
        {
            cached = (now, await store.FindAsync(id, cancellationToken));
            // Only keys that exist are cached: caching misses would let random ids grow the cache without bound.
            if (cached.Key is not null)
            {
                _cache[id] = cached;
            }
            else
            {
                _cache.TryRemove(id, out _);
            }
        }

        var key = cached.Key;
        if (key is null || key.RevokedAt is not null || key.ExpiresAt <= now || !ApiKeyFormat.Matches(presented, key.KeyHash))
        {
            return null;
        }

        if (!_touched.TryGetValue(id, out var touched) || now - touched >= TouchEvery)
        {
            _touched[id] = now;
            await store.TouchAsync(id, now, cancellationToken);
        }

        return key;
    }

    /// <summary>Forgets a key's cached record (after it is revoked).</summary>
    /// <param name="id">The key id.</param>
    public void Invalidate(string id) => _cache.TryRemove(id, out _);
}
