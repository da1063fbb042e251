using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;

namespace Automation.Api.Security;

/// <summary>Applies <see cref="EndpointPermissions.Table"/> to every endpoint of a route group.</summary>
public static class EndpointPermissionConventions
{
    /// <summary>
    /// Gives each endpoint of <paramref name="group"/> the access its operation id has in
    /// <paramref name="table"/>; an endpoint without a name or without an entry throws when the endpoints are built
    /// (at start-up, see <see cref="EndpointPermissionCheck"/>).
    /// </summary>
    /// <param name="group">The group.</param>
    /// <param name="table">The table (default <see cref="EndpointPermissions.Table"/>).</param>
    /// <returns>The group.</returns>
    public static RouteGroupBuilder RequireEndpointPermissions(this RouteGroupBuilder group, IReadOnlyDictionary<string, EndpointAccess>? table = null)
    {
        table ??= EndpointPermissions.Table;
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            var name = endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName;
            if (name is null || !table.TryGetValue(name, out var access))
            {
                throw new InvalidOperationException(
                    $"Endpoint '{endpoint.DisplayName}' has no entry in the permission table (EndpointPermissions.Table): " +
                    "give it a name with WithName(...) and add that name to the table.");
            }

            endpoint.Metadata.Add(access);
            endpoint.Metadata.Add(Problem(StatusCodes.Status429TooManyRequests));
            if (access.Anonymous)
            {
                endpoint.Metadata.Add(new AllowAnonymousAttribute());
                return;
            }

            endpoint.Metadata.Add(Problem(StatusCodes.Status401Unauthorized));
            endpoint.Metadata.Add(Problem(StatusCodes.Status403Forbidden));

            var policy = new AuthorizationPolicyBuilder().RequireAuthenticatedUser();
            if (access.Permission is { } permission)
            {
                policy.AddRequirements(new PermissionRequirement(permission));
            }

            endpoint.Metadata.Add(policy.Build());
        });
        return group;
    }

    private static ProducesResponseTypeMetadata Problem(int status) =>
        new(status, typeof(ProblemDetails), ["application/problem+json"]);
}
