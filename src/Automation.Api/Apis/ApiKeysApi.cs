using System.ComponentModel;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Api.Security;
using Automation.Security;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/api-keys</c>: create (the key is shown once; only its hash is stored), list and revoke API keys. A key
/// carries only grants its creator holds.
/// </summary>
internal static class ApiKeysApi
{
    /// <summary>How long a key lives when the request names no expiry.</summary>
    public static readonly TimeSpan DefaultLifetime = TimeSpan.FromDays(365);

    /// <summary>The longest a key may live.</summary>
    public static readonly TimeSpan MaxLifetime = TimeSpan.FromDays(730);

    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapApiKeysApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/api-keys").WithTags("ApiKeys");
        group.MapPost("/", CreateAsync).WithName("CreateApiKey").AcceptsJson<CreateApiKeyRequest>()
            .WithSummary("Creates an API key carrying some of the caller's grants; the key is in this answer only.")
            .ProducesClusterUnavailable();
        group.MapGet("/", ListAsync).WithName("ListApiKeys").WithSummary("Lists every API key, newest first (never the key or its hash).")
            .ProducesClusterUnavailable();
        group.MapDelete("/{id}", DeleteAsync).WithName("DeleteApiKey").WithSummary("Revokes an API key: it stops working at once.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithParameterSchema("id", ParameterSchemas.Pattern(SecurityNames.ApiKeyIdPattern, 16));
        return group;
    }

    private static async Task<Results<Created<CreatedApiKeyResponse>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        HttpContext http, IApiKeyStore store, TimeProvider time, AuditTrail audit)
    {
        var body = await RequestJson.ReadAsync<CreateApiKeyRequest>(http);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        var request = body.Value!;
        var now = ManagementRules.Now(time);
        var errors = new List<(string Field, string Message)>();
        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Length > SecurityNames.MaxApiKeyNameLength || request.Name.Any(char.IsControl))
        {
            errors.Add(("$.name", $"Required: 1–{SecurityNames.MaxApiKeyNameLength} characters, not only spaces, no control characters."));
        }

        var grants = ManagementRules.ParseGrants(request.Permissions, "$.permissions", errors);
        if (request.Permissions.Count == 0)
        {
            errors.Add(("$.permissions", "At least one grant: a key without any can do nothing."));
        }

        if (request.ExpiresAt is { } expires && (expires <= now || expires > now + MaxLifetime))
        {
            errors.Add(("$.expiresAt", $"Must be in the future and at most {MaxLifetime.TotalDays:0} days ahead (leave it out for {DefaultLifetime.TotalDays:0} days)."));
        }

        if (errors.Count > 0)
        {
            return Problems.Validation(errors);
        }

        var beyond = ManagementRules.Beyond(http.User, grants);
        if (beyond.Count > 0)
        {
            await audit.RecordAsync(http, "apikeys.create", null, AuditTrail.Denied, new { name = request.Name, permissions = grants.Select(g => g.Text), reason = "escalation" }, status: 403);
            var fields = request.Permissions.Select((text, i) => (text, i)).Where(p => beyond.Any(b => b.Text == p.text)).Select(p => $"$.permissions[{p.i}]");
            return ManagementRules.Escalation($"An API key with {string.Join(", ", fields)}", beyond);
        }

        var (id, key) = ApiKeyFormat.Create();
        var record = new ApiKeyRecord(
            id, request.Name, ApiKeyFormat.Hash(key), [.. grants.Select(g => g.Text)], http.User.Actor(), now, request.ExpiresAt ?? now + DefaultLifetime, null, null);
        await store.InsertAsync(record, http.RequestAborted);
        await audit.RecordAsync(http, "apikeys.create", id, AuditTrail.Success, new { name = record.Name, permissions = record.Permissions, expiresAt = record.ExpiresAt }, status: 201);
        return TypedResults.Created($"/api/v1/api-keys/{id}", new CreatedApiKeyResponse(id, key, record.Name, record.Permissions, record.ExpiresAt, record.CreatedAt));
    }

    private static async Task<Ok<ApiKeyListResponse>> ListAsync(IApiKeyStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new ApiKeyListResponse([.. (await store.ListAsync(cancellationToken)).Select(ApiKeyResponse.From)]));

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The key's id.")] string id, HttpContext http, IApiKeyStore store, ApiKeyValidator validator, TimeProvider time, AuditTrail audit)
    {
        if (!SecurityNames.IsApiKeyId(id))
        {
            return ManagementRules.InvalidName("id", id, "API key id", SecurityNames.ApiKeyIdRule);
        }

        if (await store.FindAsync(id, http.RequestAborted) is not { } key)
        {
            return Problems.NotFound($"No API key with id '{id}'.");
        }

        // Revoking twice is no error: the key is revoked either way.
        var revoked = key.RevokedAt is null && await store.RevokeAsync(id, time.GetUtcNow(), http.RequestAborted);
        validator.Invalidate(id);
        await audit.RecordAsync(http, "apikeys.revoke", id, AuditTrail.Success, new { name = key.Name, alreadyRevoked = !revoked }, status: 204);
        return TypedResults.NoContent();
    }
}
