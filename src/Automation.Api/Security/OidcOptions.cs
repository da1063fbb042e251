namespace Automation.Api.Security;

/// <summary>
/// An external OpenID Connect issuer (a company's SSO) whose access tokens the API also accepts. Bound from
/// <c>Automation:Auth:Oidc</c>; off while <see cref="Issuer"/> is empty.
/// </summary>
public sealed class OidcOptions
{
    /// <summary>The issuer URL, exactly as in its tokens' <c>iss</c> (e.g. <c>https://login.example.com/realms/acme</c>).</summary>
    public string Issuer { get; set; } = "";

    /// <summary>Where its discovery document is; default <c>{Issuer}/.well-known/openid-configuration</c>. Its JWKS gives the keys.</summary>
    public string? MetadataAddress { get; set; }

    /// <summary>The <c>aud</c> its tokens must carry for this API.</summary>
    public string Audience { get; set; } = "";

    /// <summary>The claim that names the user. Default <c>preferred_username</c> (then <c>sub</c>).</summary>
    public string UsernameClaim { get; set; } = "preferred_username";

    /// <summary>The claim (one value or an array) that carries the user's roles or groups. Default <c>roles</c>.</summary>
    public string RolesClaim { get; set; } = "roles";

    /// <summary>
    /// Maps a value of <see cref="RolesClaim"/> to one of our roles (e.g. <c>automation-admins</c> → <c>admin</c>).
    /// When empty, the values are used as role names as they are. Values with no mapping give no role.
    /// </summary>
    public Dictionary<string, string> RoleMap { get; set; } = [];

    /// <summary>Whether the discovery document must be fetched over HTTPS. Default true; false only for local tests.</summary>
    public bool RequireHttpsMetadata { get; set; } = true;
}
