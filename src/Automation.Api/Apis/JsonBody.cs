using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Automation.Api.Apis;

/// <summary>A request body read by <see cref="RequestJson"/>: the JSON, or the problem to answer with.</summary>
/// <param name="Value">The JSON; <see cref="JsonValueKind.Undefined"/> when the body was empty and that was allowed.</param>
/// <param name="Invalid">A 400 when the body is empty or malformed.</param>
/// <param name="Rejected">A 413 (too large) or 415 (not JSON).</param>
/// <param name="Syntax">Where the body stops being JSON, when <paramref name="Invalid"/> is for malformed JSON.</param>
internal readonly record struct JsonBody(JsonElement Value, ValidationProblem? Invalid = null, ProblemHttpResult? Rejected = null, JsonSyntaxError? Syntax = null);
