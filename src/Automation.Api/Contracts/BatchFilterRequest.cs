using System.Text.Json.Serialization;

namespace Automation.Api.Contracts;

/// <summary>Which workflows a batch operation applies to: the filters of <c>GET /api/v1/workflows</c>, all of which must match.</summary>
/// <param name="Status">Only workflows with this status (case-insensitive).</param>
/// <param name="Definition">Only workflows of this definition name.</param>
/// <param name="From">Only workflows created at or after this time (ISO 8601; UTC when no offset is given).</param>
/// <param name="To">Only workflows created before this time (ISO 8601; UTC when no offset is given).</param>
/// <param name="StartedBy">Only workflows started by this caller: a username, or <c>apikey:ID</c>.</param>
/// <param name="Tag">Only workflows that have every one of these tags (at most 20).</param>
/// <param name="IdPrefix">Only workflows whose id starts with this text (taken literally).</param>
/// <param name="ParentId">Only child workflows of this workflow.</param>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
public sealed record BatchFilterRequest(
    string? Status = null,
    string? Definition = null,
    string? From = null,
    string? To = null,
    string? StartedBy = null,
    IReadOnlyList<string>? Tag = null,
    string? IdPrefix = null,
    string? ParentId = null);
