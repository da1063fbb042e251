using Automation.Security;

namespace Automation.Api.Security;

/// <summary>
/// The built-in roles merged with the stored ones, cached for a few seconds so that a request costs no database
/// read; a change through this API pod applies at once, one made through another pod within <see cref="MaxAge"/>.
/// </summary>
/// <param name="store">The stored roles.</param>
/// <param name="time">The clock.</param>
public sealed class RoleCatalog(IRoleStore store, TimeProvider time)
{
    /// <summary>How long a read of the roles is used.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(10);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private Snapshot? _snapshot;

    /// <summary>How old a read may be when a role it lacks is asked for (a role just created through another pod).</summary>
    public static readonly TimeSpan MaxAgeForUnknownRole = TimeSpan.FromSeconds(1);

    /// <summary>The roles, by name.</summary>
    /// <param name="cancellationToken">Cancels a refresh.</param>
    /// <returns>The current roles.</returns>
    public ValueTask<IReadOnlyDictionary<string, RoleInfo>> GetAsync(CancellationToken cancellationToken = default) =>
        GetAsync([], cancellationToken);

    /// <summary>The roles, by name, read again if one of <paramref name="needed"/> is missing from a read older than <see cref="MaxAgeForUnknownRole"/>.</summary>
    /// <param name="needed">Roles the caller is about to look up.</param>
    /// <param name="cancellationToken">Cancels a refresh.</param>
    /// <returns>The current roles.</returns>
    public async ValueTask<IReadOnlyDictionary<string, RoleInfo>> GetAsync(IReadOnlyCollection<string> needed, CancellationToken cancellationToken = default)
    {
        var snapshot = Volatile.Read(ref _snapshot);
        if (IsFresh(snapshot, needed))
        {
            return snapshot!.Roles;
        }

        await _refresh.WaitAsync(cancellationToken);
        try
        {
            snapshot = Volatile.Read(ref _snapshot);
            if (IsFresh(snapshot, needed))
            {
                return snapshot!.Roles;
            }

            var roles = BuiltInRoles.All.ToDictionary(
                r => r.Key,
                r => new RoleInfo(r.Key, Parse(r.Value), RequireMfa: false, BuiltIn: true, CreatedAt: null, UpdatedAt: null),
                StringComparer.Ordinal);
            foreach (var stored in await store.ListAsync(cancellationToken))
            {
                roles[stored.Name] = roles.TryGetValue(stored.Name, out var builtIn)
                    ? builtIn with { RequireMfa = stored.RequireMfa, UpdatedAt = stored.UpdatedAt }
                    : new RoleInfo(stored.Name, Parse(stored.Permissions), stored.RequireMfa, BuiltIn: false, stored.CreatedAt, stored.UpdatedAt);
            }

            Volatile.Write(ref _snapshot, new Snapshot(time.GetUtcNow(), roles));
            return roles;
        }
        finally
        {
            _refresh.Release();
        }
    }

    private bool IsFresh(Snapshot? snapshot, IReadOnlyCollection<string> needed)
    {
        if (snapshot is null)
        {
            return false;
        }

        var age = time.GetUtcNow() - snapshot.ReadAt;
        return age < MaxAge && (age < MaxAgeForUnknownRole || needed.All(snapshot.Roles.ContainsKey));
    }

    /// <summary>Forgets the cached roles (after a change).</summary>
    public void Invalidate() => Volatile.Write(ref _snapshot, null);

    private static IReadOnlyList<PermissionGrant> Parse(IEnumerable<string> grants) =>
        [.. grants.Select(g => PermissionGrant.TryParse(g, out var grant) ? grant : null).OfType<PermissionGrant>()];

    private sealed record Snapshot(DateTimeOffset ReadAt, IReadOnlyDictionary<string, RoleInfo> Roles);
}
