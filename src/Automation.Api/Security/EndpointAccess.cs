namespace Automation.Api.Security;

/// <summary>Who may call an endpoint: anyone, any authenticated caller, or a caller holding <see cref="Permission"/>.</summary>
/// <param name="Permission">The permission, or <see langword="null"/>.</param>
/// <param name="Anonymous">Whether no credential is needed.</param>
public sealed record EndpointAccess(string? Permission, bool Anonymous)
{
    /// <summary>No credential needed (signing in).</summary>
    public static EndpointAccess Public { get; } = new(null, Anonymous: true);

    /// <summary>Any authenticated caller (their own account: who am I, password, MFA, logout).</summary>
    public static EndpointAccess Authenticated { get; } = new(null, Anonymous: false);

    /// <summary>A caller holding <paramref name="permission"/>.</summary>
    /// <param name="permission">A permission from <see cref="Permissions"/>.</param>
    /// <returns>The access rule.</returns>
    public static EndpointAccess Requires(string permission) => new(permission, Anonymous: false);
}
