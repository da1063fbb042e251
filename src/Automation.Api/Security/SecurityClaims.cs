namespace Automation.Api.Security;

/// <summary>The claims of the API's access tokens and principals.</summary>
public static class SecurityClaims
{
    /// <summary>Who: a username, or <c>apikey:ID</c>.</summary>
    public const string Subject = "sub";

    /// <summary><c>user</c> or <c>apikey</c>.</summary>
    public const string Kind = "kind";

    /// <summary>A user's role (one claim per role).</summary>
    public const string Role = "roles";

    /// <summary>A permission grant (one claim per grant), added from the roles on each request, or carried by an API key.</summary>
    public const string Permission = "perm";

    /// <summary>How the user proved who they are: <c>pwd</c>, <c>mfa</c>.</summary>
    public const string AuthenticationMethod = "amr";

    /// <summary>Present (<c>true</c>) when a role requires MFA and the user has not enrolled yet: only enrolment is allowed.</summary>
    public const string MfaEnrolmentRequired = "mfa_enrol";

    /// <summary>The <see cref="Kind"/> of a user.</summary>
    public const string UserKind = "user";

    /// <summary>The <see cref="Kind"/> of a user signed in through the external OIDC issuer (no local password or MFA).</summary>
    public const string SsoKind = "sso";

    /// <summary>The <see cref="Kind"/> of an API key.</summary>
    public const string ApiKeyKind = "apikey";
}
