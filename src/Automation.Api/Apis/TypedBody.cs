using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>A request body read by <see cref="RequestJson.ReadAsync{T}"/>: the object, or the problem to answer with.</summary>
/// <typeparam name="T">The body type.</typeparam>
/// <param name="Value">The object, when valid.</param>
/// <param name="Invalid">A 400 when the body is empty, malformed or of the wrong shape.</param>
/// <param name="Rejected">A 413 (too large) or 415 (not JSON).</param>
internal readonly record struct TypedBody<T>(T? Value, ValidationProblem? Invalid = null, ProblemHttpResult? Rejected = null)
    where T : class;
