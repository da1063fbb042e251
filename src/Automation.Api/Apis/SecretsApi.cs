using System.ComponentModel;
using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Api.OpenApi;
using Automation.Persistence;
using Automation.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>
/// <c>/api/v1/secrets</c>: store values that steps read as <c>{{ secrets.NAME }}</c>. Values are encrypted at rest
/// (AES-256-GCM, keys from <c>Automation:Secrets</c>) and no endpoint ever returns one: responses carry metadata only.
/// </summary>
internal static class SecretsApi
{
    /// <summary>Maps the routes onto the API's version group.</summary>
    public static RouteGroupBuilder MapSecretsApi(this RouteGroupBuilder v1)
    {
        var group = v1.MapGroup("/secrets").WithTags("Secrets");
        group.MapPut("/{name}", PutAsync).WithName("PutSecret")
            .WithSummary("Creates a secret (201) or replaces its value (200); the value is stored encrypted and never returned.")
            .Accepts<PutSecretRequest>("application/json")
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesClusterUnavailable()
            .WithSecretName();
        group.MapGet("/", ListAsync).WithName("ListSecrets").WithSummary("Lists every secret's metadata (never a value), ordered by name.")
            .ProducesClusterUnavailable();
        group.MapGet("/{name}", GetAsync).WithName("GetSecret").WithSummary("Reads a secret's metadata (never its value).")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithSecretName();
        group.MapDelete("/{name}", DeleteAsync).WithName("DeleteSecret")
            .WithSummary("Deletes a secret; steps that use it then fail with secret.not-found.")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesClusterUnavailable()
            .WithSecretName();
        return group;
    }

    private static async Task<Results<Created<SecretResponse>, Ok<SecretResponse>, ValidationProblem, ProblemHttpResult>> PutAsync(
        [Description("The secret name.")] string name, HttpContext http, SecretVault vault)
    {
        if (!ResourceNames.IsSecretName(name))
        {
            return Problems.InvalidSecretName("name", name);
        }

        var body = await RequestJson.ReadAsync(http, sensitive: true);
        if (body.Invalid is { } invalid)
        {
            return invalid;
        }

        if (body.Rejected is { } rejected)
        {
            return rejected;
        }

        if (ReadValue(body.Value) is not { } value)
        {
            return Problem(body.Value);
        }

        if (!vault.IsConfigured)
        {
            return Problems.SecretsNotConfigured();
        }

        var stored = await vault.PutAsync(name, value, http.RequestAborted);
        var response = SecretResponse.From(stored);
        return stored.Version == 1
            ? TypedResults.Created($"/api/v1/secrets/{name}", response)
            : TypedResults.Ok(response);
    }

    private static async Task<Ok<SecretListResponse>> ListAsync(ISecretStore store, CancellationToken cancellationToken) =>
        TypedResults.Ok(new SecretListResponse([.. (await store.ListAsync(cancellationToken)).Select(SecretResponse.From)]));

    private static async Task<Results<Ok<SecretResponse>, ValidationProblem, ProblemHttpResult>> GetAsync(
        [Description("The secret name.")] string name, ISecretStore store, CancellationToken cancellationToken)
    {
        if (!ResourceNames.IsSecretName(name))
        {
            return Problems.InvalidSecretName("name", name);
        }

        return await store.GetAsync(name, cancellationToken) is { } stored
            ? TypedResults.Ok(SecretResponse.From(stored.Metadata))
            : Problems.NotFound($"No secret named '{name}'.");
    }

    private static async Task<Results<NoContent, ValidationProblem, ProblemHttpResult>> DeleteAsync(
        [Description("The secret name.")] string name, ISecretStore store, CancellationToken cancellationToken)
    {
        if (!ResourceNames.IsSecretName(name))
        {
            return Problems.InvalidSecretName("name", name);
        }

        return await store.DeleteAsync(name, cancellationToken)
            ? TypedResults.NoContent()
            : Problems.NotFound($"No secret named '{name}'.");
    }

    /// <summary>The value of a well-formed body (<c>{ "value": "..." }</c>), or null when <see cref="Problem"/> has the reason.</summary>
    private static string? ReadValue(JsonElement body) =>
        body.ValueKind == JsonValueKind.Object
        && body.EnumerateObject().All(p => p.Name == "value")
        && body.TryGetProperty("value", out var value)
        && value.ValueKind == JsonValueKind.String
        && SecretNames.ValueProblem(value.GetString()) is null
            ? value.GetString()
            : null;

    /// <summary>What is wrong with a body that <see cref="ReadValue"/> refused. Messages never quote the value.</summary>
    private static ValidationProblem Problem(JsonElement body)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            return Problems.Validation("$", "The body must be a JSON object such as {\"value\": \"...\"}.");
        }

        var errors = body.EnumerateObject().Where(p => p.Name != "value")
            .Select(p => ($"$.{p.Name}", $"Unknown property '{p.Name}'. Allowed: value.")).ToList();
        if (!body.TryGetProperty("value", out var value) || value.ValueKind == JsonValueKind.Null)
        {
            errors.Add(("$.value", "Required: the secret's value, a string."));
        }
        else if (value.ValueKind != JsonValueKind.String)
        {
            errors.Add(("$.value", $"Must be a string, not {value.ValueKind.ToString().ToLowerInvariant()}."));
        }
        else if (SecretNames.ValueProblem(value.GetString()) is { } problem)
        {
            errors.Add(("$.value", problem));
        }

        return Problems.Validation(errors);
    }
}
