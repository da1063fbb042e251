using Microsoft.AspNetCore.Authorization;

namespace Automation.Api.Security;

/// <summary>The caller needs a grant covering <see cref="Permission"/> (on at least one resource; the endpoint checks which).</summary>
/// <param name="Permission">A permission from <see cref="Permissions"/>.</param>
public sealed record PermissionRequirement(string Permission) : IAuthorizationRequirement;
