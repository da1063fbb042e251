using System.ComponentModel;
using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Body of <c>POST /api/v1/alerts/{id}/acknowledge</c> and <c>/resolve</c> (optional). Unknown properties are rejected.</summary>
/// <param name="Comment">Why (at most 1,000 characters).</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record AlertActionRequest([property: Description("Why (at most 1,000 characters).")] string? Comment = null);
