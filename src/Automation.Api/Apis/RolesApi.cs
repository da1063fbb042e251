using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/roles</c> and <c>/api/v1/permissions</c>: read the roles, create and replace custom roles (built-in roles
/// only take an MFA requirement), delete unused custom roles, and list the permissions a grant can name.
/// </summary>
internal static class RolesApi
{
    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapRolesApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/roles").WithTags("Roles");
        group.MapGet("/", ListAsync).WithName("ListRoles").WithSummary("Lists every role, built-in and custom, with its grants.")
            .ProducesClusterUnavailable();
        group.MapGet("/{name}", GetAsync).WithName("GetRole").WithSummary("Reads a role.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithRoleName();
        group.MapPut("/{name}", PutAsync).WithName("PutRole").AcceptsJson<PutRoleRequest>()
            .WithSummary("Creates or replaces a custom role (201, 200), or sets whether a built-in role requires MFA (its grants are fixed).")
            .ProducesClusterUnavailable()
            .WithRoleName();
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteRole").WithSummary("Deletes a custom role that no user holds.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable()
            .WithRoleName();
        v1.MapGet("/permissions", ListPermissions).WithTags("Roles").WithName("ListPermissions")
            .WithSummary("Lists every permission a grant can name, with what it allows.");
        return group;
    }

    private static async Task<Ok<RoleListResponse>> ListAsync(RoleCatalog roles, CancellationToken cancellationToken) =>
        TypedResults.Ok(new RoleListResponse([.. (await roles.GetAsync(cancellationToken)).Values.OrderBy(r => r.Name, StringComparer.Ordinal).Select(RoleResponse.From)]));

    private static async Task<Results<Ok<RoleResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The role name.")] string name, RoleCatalog roles, CancellationToken cancellationToken)
    {
        if (!SecurityNames.IsRoleName(name))
        {
            return InvalidRoleName(name);
        }

        return (await roles.GetAsync(cancellationToken)).TryGetValue(name, out var role)
            ? TypedResults.Ok(RoleResponse.From(role))
            : NoSuchRole(name);
    }

    private static async Task<Results<Created<RoleResponse>, Ok<RoleResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The role name.")] string name, HttpContext http, IRoleStore store, RoleCatalog roles, TimeProvider time, AuditTrail audit)
    {
        if (!SecurityNames.IsRoleName(name))
        {
            return InvalidRoleName(name);
        }

        var body = await RequestJson.ReadAsync<PutRoleRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        var errors = new List<(string Field, string Message)>();
        var grants = ManagementRules.ParseGrants(request.Permissions, "$.permissions", errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        (await roles.GetAsync(http.RequestAborted)).TryGetValue(name, out var existing);
        if (existing is { BuiltIn: true } && !grants.Select(g => g.Text).ToHashSet(StringComparer.Ordinal).SetEquals(existing.Grants.Select(g => g.Text)))
        {
            return Problems.Validation("$.permissions",
                $"The grants of the built-in role '{name}' are fixed ({string.Join(", ", existing.Grants.Select(g => g.Text))}): send them unchanged; only requireMfa can change.");
        }

        // Changing a role changes what its members may do: the caller must hold what it allows now and will allow.
        var beyond = ManagementRules.Beyond(http.User, grants.Concat(existing?.Grants ?? []));
        if (beyond.Count > 0)
        {
            await audit.RecordAsync(http, "roles.put", name, AuditTrail.Denied, new { permissions = grants.Select(g => g.Text), reason = "escalation" }, status: 403);
            return ManagementRules.Escalation($"The role '{name}'", beyond);
        }

        var now = ManagementRules.Now(time);
        var permissions = grants.Select(g => g.Text).ToList();
        await store.UpsertAsync(new StoredRole(name, permissions, request.RequireMfa, now, now), http.RequestAborted);
        roles.Invalidate();
        var created = existing is null;
        await audit.RecordAsync(http, "roles.put", name, AuditTrail.Success, new { permissions, requireMfa = request.RequireMfa, created },
            status: created ? StatusCodes.Status201Created : StatusCodes.Status200OK);

        var response = new RoleResponse(name, permissions, request.RequireMfa, existing?.BuiltIn ?? false, existing is { BuiltIn: true } ? null : existing?.CreatedAt ?? now, now);
        return created ? TypedResults.Created($"/api/v1/roles/{name}", response) : TypedResults.Ok(response);
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The role name.")] string name, HttpContext http, IRoleStore store, IUserStore users, RoleCatalog roles, AuditTrail audit)
    {
        if (!SecurityNames.IsRoleName(name))
        {
            return InvalidRoleName(name);
        }

        if (!(await roles.GetAsync(http.RequestAborted)).TryGetValue(name, out var role))
        {
            return NoSuchRole(name);
        }

        if (role.BuiltIn)
        {
            return Problems.Conflict($"'{name}' is a built-in role and cannot be deleted.");
        }

        var holders = (await users.ListAsync(http.RequestAborted)).Where(u => u.Roles.Contains(name, StringComparer.Ordinal)).Select(u => u.Username).ToList();
        if (holders.Count > 0)
        {
            await audit.RecordAsync(http, "roles.delete", name, AuditTrail.Failure, new { reason = "in use", users = holders.Count }, status: 409);
            return Problems.Conflict(
                $"The role '{name}' is still held by {holders.Count} user(s) ({string.Join(", ", holders.Take(10))}{(holders.Count > 10 ? ", …" : "")}): remove it from them first.");
        }

        if (!await store.DeleteAsync(name, http.RequestAborted))
        {
            return NoSuchRole(name);
        }

        roles.Invalidate();
        await audit.RecordAsync(http, "roles.delete", name, AuditTrail.Success, new { permissions = role.Grants.Select(g => g.Text) }, status: 204);
        return TypedResults.NoContent();
    }

    private static Ok<PermissionListResponse> ListPermissions() =>
        TypedResults.Ok(new PermissionListResponse([.. Permissions.All.Select(p => new PermissionResponse(p.Key, p.Value))]));

    private static ValidationProblem InvalidRoleName(string name) =>
        ManagementRules.InvalidName("name", name, "role name", SecurityNames.RoleNameRule);

    private static ProblemHttpResult NoSuchRole(string name) => Problems.NotFound($"No role named '{name}'.");

    private static RouteHandlerBuilder WithRoleName(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("name", ParameterSchemas.Pattern(SecurityNames.RoleNamePattern, SecurityNames.MaxNameLength));
}
