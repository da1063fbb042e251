namespace Automation.Api.Apis;

/// <summary>RFC 9457 problem responses used by the API.</summary>
internal static class Problems
{
    /// <summary>A 400 naming one field (as a JSON path or parameter name) and the reason.</summary>
    public static IResult Validation(string field, string message) =>
        TypedResults.ValidationProblem(new Dictionary<string, string[]> { [field] = [message] }, title: "The request is invalid.");

    /// <summary>A 400 listing every error by field.</summary>
    public static IResult Validation(IEnumerable<(string Field, string Message)> errors) =>
        TypedResults.ValidationProblem(
            errors.GroupBy(e => e.Field).ToDictionary(g => g.Key, g => g.Select(e => e.Message).ToArray()),
            title: "The request is invalid.");

    /// <summary>A 404 naming what was not found.</summary>
    public static IResult NotFound(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: what);

    /// <summary>A 409 explaining the conflict.</summary>
    public static IResult Conflict(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Conflict", detail: detail);
}
