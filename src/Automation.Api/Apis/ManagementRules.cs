using System.Security.Claims;
using System.Text.Json;
using Automation.Api.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// What the users, roles and API keys endpoints share: nobody hands out (or acts on an account holding) more than they
/// hold themselves, grants are checked one by one, and client values are quoted safely in messages.
/// </summary>
internal static class ManagementRules
{
    /// <summary>The most grants a role or an API key may list.</summary>
    public const int MaxGrants = 64;

    private const int MaxEcho = 64;

    /// <summary>The grants among <paramref name="grants"/> that go beyond what <paramref name="caller"/> holds.</summary>
    public static IReadOnlyList<PermissionGrant> Beyond(ClaimsPrincipal caller, IEnumerable<PermissionGrant> grants)
    {
        var held = caller.Grants();
        return [.. grants.Where(g => !g.IsWithin(held)).DistinctBy(g => g.Text)];
    }

    /// <summary>The grants of the roles named (unknown roles give none).</summary>
    public static IEnumerable<PermissionGrant> GrantsOf(IEnumerable<string> roleNames, IReadOnlyDictionary<string, RoleInfo> catalog) =>
        roleNames.SelectMany(r => catalog.TryGetValue(r, out var role) ? role.Grants : []);

    /// <summary>A 403 for handing out, or acting on an account holding, grants the caller does not hold.</summary>
    public static ProblemHttpResult Escalation(string what, IEnumerable<PermissionGrant> beyond) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: $"{what} needs grants you do not hold yourself ({string.Join(", ", beyond.Select(g => Quote(g.Text)))}); nobody can grant more than they hold.");

    /// <summary>A 400 for a value that cannot be a name of its kind.</summary>
    public static ValidationProblem InvalidName(string field, string value, string what, string rule) =>
        Problems.Validation(field, $"{Quote(value)} is not a valid {what}: {rule}.");

    /// <summary>Parses grants, adding a message keyed <c>field[i]</c> for each bad one.</summary>
    public static IReadOnlyList<PermissionGrant> ParseGrants(IReadOnlyList<string> texts, string field, List<(string Field, string Message)> errors)
    {
        if (texts.Count > MaxGrants)
        {
            errors.Add((field, $"At most {MaxGrants} grants."));
            return [];
        }

        var grants = new List<PermissionGrant>();
        for (var i = 0; i < texts.Count; i++)
        {
            // Element nullability is not enforced by the deserializer.
            string? text = texts[i];
            if (PermissionGrant.TryParse(text, out var grant))
            {
                grants.Add(grant);
            }
            else
            {
                errors.Add(($"{field}[{i}]", text is null ? "Must not be null." : $"{Quote(text)} is not a valid grant: {PermissionGrant.Rule}. GET /api/v1/permissions lists the permissions."));
            }
        }

        return [.. grants.DistinctBy(g => g.Text)];
    }

    /// <summary>The time, to the microsecond that PostgreSQL keeps, so that an answer shows what a later read will.</summary>
    public static DateTimeOffset Now(TimeProvider time)
    {
        var now = time.GetUtcNow();
        return now.AddTicks(-(now.Ticks % 10));
    }

    /// <summary>A client value quoted for a message: JSON-escaped (control characters stay visible) and shortened.</summary>
    public static string Quote(string value) =>
        JsonSerializer.Serialize(value.Length <= MaxEcho ? value : value[..MaxEcho] + "…");
}
