namespace Automation.Api.Security;

/// <summary>Authentication settings. Bound from the configuration section <c>Automation:Auth</c>.</summary>
public sealed class AuthOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Auth";

    /// <summary>The <c>iss</c> of the access tokens the API issues, and the only issuer it accepts for them.</summary>
    public string Issuer { get; set; } = "automation";

    /// <summary>The <c>aud</c> of the access tokens, and the only audience accepted.</summary>
    public string Audience { get; set; } = "automation-api";

    /// <summary>
    /// Signing keys by key id (<c>kid</c>): base64 of at least 32 random bytes each (HMAC-SHA256). Every key validates;
    /// only <see cref="ActiveSigningKey"/> signs. Rotate by adding a key, making it active, and removing the old one
    /// after <see cref="AccessTokenLifetime"/>. From configuration or a mounted secret, e.g.
    /// <c>Automation__Auth__SigningKeys__k1=...</c>; never in the repository.
    /// </summary>
    public Dictionary<string, string> SigningKeys { get; set; } = [];

    /// <summary>The key id that signs new tokens; must be one of <see cref="SigningKeys"/>.</summary>
    public string ActiveSigningKey { get; set; } = "";

    /// <summary>How long an access token is valid. Default 15 minutes.</summary>
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How long a refresh token is valid (each use issues a new one). Default 7 days.</summary>
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(7);

    /// <summary>Tolerated clock difference when checking token times. Default 30 seconds.</summary>
    public TimeSpan ClockSkew { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Consecutive failed sign-ins that lock a user. Default 5.</summary>
    public int MaxFailedSignIns { get; set; } = 5;

    /// <summary>How long a lock holds. Default 5 minutes.</summary>
    public TimeSpan LockoutDuration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>An external OIDC issuer whose tokens are also accepted (single sign-on); off by default.</summary>
    public OidcOptions Oidc { get; set; } = new();

    /// <summary>Rules for new passwords.</summary>
    public PasswordPolicyOptions PasswordPolicy { get; set; } = new();
}
