using System.Text.Json;
using Automation.Api.Contracts;
using Automation.Secrets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>RFC 9457 problem responses used by the API.</summary>
internal static class Problems
{
    private const int MaxEcho = 64;

    /// <summary>A 400 naming one field (as a JSON path or parameter name) and the reason.</summary>
    public static ValidationProblem Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is invalid.");

    /// <summary>A 400 listing every error by field.</summary>
    public static ValidationProblem Validation(IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request is invalid.");

    /// <summary>A 400 for a route or query value that cannot be a definition name.</summary>
    public static ValidationProblem InvalidDefinitionName(string field, string value) =>
        Validation(field, $"{Echo(value)} is not a valid definition name: {ResourceNames.DefinitionNameRule}.");

    /// <summary>A 400 for a route or body value that cannot be a workflow id.</summary>
    public static ValidationProblem InvalidWorkflowId(string field, string value) =>
        Validation(field, $"{Echo(value)} is not a valid workflow id: {ResourceNames.WorkflowIdRule}.");

    /// <summary>A 400 for a route value that cannot be a secret name.</summary>
    public static ValidationProblem InvalidSecretName(string field, string value) =>
        Validation(field, $"{Echo(value)} is not a valid secret name: {ResourceNames.SecretNameRule}.");

    /// <summary>A 409: no encryption key is configured, so secrets cannot be stored.</summary>
    public static ProblemHttpResult SecretsNotConfigured() =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Secrets are not configured", detail: SecretsNotConfiguredException.Explanation);

    /// <summary>A 404 naming what was not found.</summary>
    public static ProblemHttpResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    /// <summary>A 403: authenticated, but the caller's grants do not cover this resource.</summary>
    /// <param name="detail">What is missing.</param>
    /// <param name="permission">The permission concerned, sent as <c>permission</c> like every other permission 403.</param>
    public static ProblemHttpResult Forbidden(string detail, string? permission = null) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: detail,
            extensions: permission is null ? null : new Dictionary<string, object?> { [Security.PermissionForbiddenResultHandler.PermissionExtension] = permission });

    /// <summary>A 403 for a permission held only for other definitions (<c>workflows:start:deploy-*</c>).</summary>
    public static ProblemHttpResult NotForDefinition(string permission, string definition) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status403Forbidden,
            title: "Forbidden",
            detail: $"Your '{permission}' permission does not cover definition '{definition}'.",
            extensions: new Dictionary<string, object?> { [Security.PermissionForbiddenResultHandler.PermissionExtension] = permission });

    /// <summary>A 409 explaining the conflict.</summary>
    public static ProblemHttpResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);

    /// <summary>A client value quoted for a message: JSON-escaped (control characters stay visible) and shortened.</summary>
    private static string Echo(string value) =>
        JsonSerializer.Serialize(value.Length <= MaxEcho ? value : value[..MaxEcho] + "…");
}
