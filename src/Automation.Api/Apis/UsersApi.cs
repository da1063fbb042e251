using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/users</c>: create, list, read, change and delete users. Nobody assigns roles beyond their own grants or
/// changes an account that holds more than they do, and the last enabled admin cannot be removed.
/// </summary>
internal static class UsersApi
{
    private const int MaxRoles = 32;

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapUsersApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/users").WithTags("Users");
        group.MapPost("/", CreateAsync).WithName("CreateUser").AcceptsJson<CreateUserRequest>()
            .WithSummary("Creates a user with a password and roles.")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable();
        group.MapGet("/", ListAsync).WithName("ListUsers").WithSummary("Lists every user (never a password hash or MFA secret).")
            .ProducesClusterUnavailable();
        group.MapGet("/{username}", GetAsync).WithName("GetUser").WithSummary("Reads a user.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithUsername();
        group.MapPatch("/{username}", UpdateAsync).WithName("UpdateUser").AcceptsJson<UpdateUserRequest>()
            .WithSummary("Changes a user's password, roles or disabled flag, lifts a lockout or resets MFA. A new password, new roles or disabling revokes the user's refresh tokens.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable()
            .WithUsername();
        group.MapDelete("/{username}", DeleteAsync).WithName("DeleteUser").WithSummary("Deletes a user and revokes their refresh tokens.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesClusterUnavailable()
            .WithUsername();
        return group;
    }

    private static async Task<Results<Created<UserResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, IUserStore users, RoleCatalog roles, IOptions<AuthOptions> options, TimeProvider time, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<CreateUserRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        var catalog = await roles.GetAsync(http.RequestAborted);
        var errors = new List<(string Field, string Message)>();
        if (!SecurityNames.IsUsername(request.Username))
        {
            errors.Add(("$.username", $"{ManagementRules.Quote(request.Username)} is not a valid username: {SecurityNames.UsernameRule}."));
        }

        errors.AddRange(PasswordPolicy.Check(options.Value.PasswordPolicy, request.Password, request.Username).Select(e => ("$.password", "The password " + e + ".")));
        var roleNames = CheckRoles(request.Roles, catalog, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var beyond = ManagementRules.Beyond(http.User, ManagementRules.GrantsOf(roleNames, catalog));
        if (beyond.Count > 0)
        {
            await audit.RecordAsync(http, "users.create", request.Username, AuditTrail.Denied, new { roles = roleNames, reason = "escalation" }, status: 403);
            return ManagementRules.Escalation($"Giving the role(s) {string.Join(", ", roleNames)}", beyond);
        }

        var now = ManagementRules.Now(time);
        var account = new UserAccount(request.Username, UserSignIn.HashPassword(request.Password), roleNames, false, 0, null, null, false, 0, [], now, now);
        if (!await users.CreateAsync(account, http.RequestAborted))
        {
            return Problems.Conflict($"A user named '{request.Username}' already exists.");
        }

        await audit.RecordAsync(http, "users.create", account.Username, AuditTrail.Success, new { roles = roleNames }, status: 201);
        return TypedResults.Created($"/api/v1/users/{account.Username}", UserResponse.From(account, now));
    }

    private static async Task<Ok<UserListResponse>> ListAsync(IUserStore users, TimeProvider time, CancellationToken cancellationToken)
    {
        var now = ManagementRules.Now(time);
        return TypedResults.Ok(new UserListResponse([.. (await users.ListAsync(cancellationToken)).Select(u => UserResponse.From(u, now))]));
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The username.")] string username, IUserStore users, TimeProvider time, CancellationToken cancellationToken)
    {
        if (!SecurityNames.IsUsername(username))
        {
            return InvalidUsername(username);
        }

        return await users.FindAsync(username, cancellationToken) is { } account
            ? TypedResults.Ok(UserResponse.From(account, time.GetUtcNow()))
            : NoSuchUser(username);
    }

    private static async Task<Results<Ok<UserResponse>, ValidationProblem, ProblemHttpResult>> UpdateAsync(
        [Description("The username.")] string username,
        HttpContext http, IUserStore users, IRefreshTokenStore refreshTokens, RoleCatalog roles, IOptions<AuthOptions> options, TimeProvider time, AuditTrail audit)
    {
        if (!SecurityNames.IsUsername(username))
        {
            return InvalidUsername(username);
        }

        var body = await RequestJson.ReadAsync<UpdateUserRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        if (request is { Password: null, Roles: null, Disabled: null, Unlock: not true, ResetMfa: not true })
        {
            return Problems.Validation("$", "Nothing to change: send password, roles, disabled, \"unlock\": true or \"resetMfa\": true.");
        }

        var catalog = await roles.GetAsync(http.RequestAborted);
        var errors = new List<(string Field, string Message)>();
        if (request.Password is { } password)
        {
            errors.AddRange(PasswordPolicy.Check(options.Value.PasswordPolicy, password, username).Select(e => ("$.password", "The password " + e + ".")));
        }

        var newRoles = request.Roles is null ? null : CheckRoles(request.Roles, catalog, errors);
        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        if (await users.FindAsync(username, http.RequestAborted) is not { } account)
        {
            return NoSuchUser(username);
        }

        // Acting on an account (its password above all) is as good as holding its grants; so are the roles given.
        var beyond = ManagementRules.Beyond(http.User, ManagementRules.GrantsOf(account.Roles.Concat(newRoles ?? []), catalog));
        if (beyond.Count > 0)
        {
            await audit.RecordAsync(http, "users.update", username, AuditTrail.Denied, new { reason = "escalation" }, status: 403);
            return ManagementRules.Escalation($"Changing the user '{username}'", beyond);
        }

        var disabling = request.Disabled == true && !account.Disabled;
        var dropsAdmin = newRoles is not null && !newRoles.Contains(BuiltInRoles.Admin, StringComparer.Ordinal);
        if ((disabling || dropsAdmin) && await IsLastAdminAsync(account, users, http.RequestAborted))
        {
            await audit.RecordAsync(http, "users.update", username, AuditTrail.Failure, new { reason = "last admin" }, status: 409);
            return LastAdmin(username, disabling ? "disabled" : "stripped of the admin role");
        }

        var now = ManagementRules.Now(time);
        var rolesChanged = newRoles is not null && !newRoles.ToHashSet(StringComparer.Ordinal).SetEquals(account.Roles);
        var changed = new List<string>();
        var updated = account with { UpdatedAt = now };
        if (request.Password is { } newPassword)
        {
            updated = updated with { PasswordHash = UserSignIn.HashPassword(newPassword) };
            changed.Add("password");
        }

        if (newRoles is not null)
        {
            updated = updated with { Roles = newRoles };
            changed.Add("roles");
        }

        if (request.Disabled is { } disabled)
        {
            updated = updated with { Disabled = disabled };
            changed.Add("disabled");
        }

        if (request.Unlock == true)
        {
            updated = updated with { FailedLogins = 0, LockedUntil = null };
            changed.Add("unlock");
        }

        if (request.ResetMfa == true)
        {
            updated = updated with { MfaEnabled = false, MfaSecret = null, MfaLastStep = 0, RecoveryCodes = [] };
            changed.Add("resetMfa");
        }

        if (!await users.UpdateAsync(updated, http.RequestAborted))
        {
            return NoSuchUser(username);
        }

        if (request.Password is not null || rolesChanged || disabling)
        {
            await refreshTokens.RevokeSubjectAsync(username, now, http.RequestAborted);
        }

        await audit.RecordAsync(http, "users.update", username, AuditTrail.Success, new { changed, roles = newRoles, disabled = request.Disabled }, status: 200);
        return TypedResults.Ok(UserResponse.From(updated, now));
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The username.")] string username,
        HttpContext http, IUserStore users, IRefreshTokenStore refreshTokens, RoleCatalog roles, TimeProvider time, AuditTrail audit)
    {
        if (!SecurityNames.IsUsername(username))
        {
            return InvalidUsername(username);
        }

        if (await users.FindAsync(username, http.RequestAborted) is not { } account)
        {
            return NoSuchUser(username);
        }

        var beyond = ManagementRules.Beyond(http.User, ManagementRules.GrantsOf(account.Roles, await roles.GetAsync(http.RequestAborted)));
        if (beyond.Count > 0)
        {
            await audit.RecordAsync(http, "users.delete", username, AuditTrail.Denied, new { reason = "escalation" }, status: 403);
            return ManagementRules.Escalation($"Deleting the user '{username}'", beyond);
        }

        if (await IsLastAdminAsync(account, users, http.RequestAborted))
        {
            await audit.RecordAsync(http, "users.delete", username, AuditTrail.Failure, new { reason = "last admin" }, status: 409);
            return LastAdmin(username, "deleted");
        }

        if (!await users.DeleteAsync(username, http.RequestAborted))
        {
            return NoSuchUser(username);
        }

        await refreshTokens.RevokeSubjectAsync(username, time.GetUtcNow(), http.RequestAborted);
        await audit.RecordAsync(http, "users.delete", username, AuditTrail.Success, new { roles = account.Roles }, status: 204);
        return TypedResults.NoContent();
    }

    /// <summary>The roles named, each checked to exist (errors keyed <c>$.roles[i]</c>), without duplicates.</summary>
    private static IReadOnlyList<string> CheckRoles(IReadOnlyList<string> names, IReadOnlyDictionary<string, RoleInfo> catalog, List<(string Field, string Message)> errors)
    {
        if (names.Count > MaxRoles)
        {
            errors.Add(("$.roles", $"At most {MaxRoles} roles."));
            return [];
        }

        for (var i = 0; i < names.Count; i++)
        {
            // Element nullability is not enforced by the deserializer.
            string? name = names[i];
            if (name is null)
            {
                errors.Add(($"$.roles[{i}]", "Must not be null."));
            }
            else if (!catalog.ContainsKey(name))
            {
                errors.Add(($"$.roles[{i}]", $"No role named {ManagementRules.Quote(name)}; GET /api/v1/roles lists them."));
            }
        }

        return [.. names.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Whether <paramref name="account"/> is the only enabled user holding the admin role.</summary>
    private static async Task<bool> IsLastAdminAsync(UserAccount account, IUserStore users, CancellationToken cancellationToken) =>
        IsEnabledAdmin(account)
        && !(await users.ListAsync(cancellationToken)).Any(u => u.Username != account.Username && IsEnabledAdmin(u));

    private static bool IsEnabledAdmin(UserAccount user) => !user.Disabled && user.Roles.Contains(BuiltInRoles.Admin, StringComparer.Ordinal);

    private static ProblemHttpResult LastAdmin(string username, string what) =>
        Problems.Conflict($"'{username}' is the last enabled user with the admin role and cannot be {what}: give another user the admin role first.");

    private static ValidationProblem InvalidUsername(string username) =>
        ManagementRules.InvalidName("username", username, "username", SecurityNames.UsernameRule);

    private static ProblemHttpResult NoSuchUser(string username) => Problems.NotFound($"No user named '{username}'.");

    private static RouteHandlerBuilder WithUsername(this RouteHandlerBuilder builder) =>
        builder.WithParameterSchema("username", ParameterSchemas.Pattern(SecurityNames.UsernamePattern, SecurityNames.MaxNameLength));
}
