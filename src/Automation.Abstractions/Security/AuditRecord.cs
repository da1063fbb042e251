using System.Text.Json;

namespace Automation.Security;

/// <summary>One audit trail entry. Never holds a secret, password or token.</summary>
/// <param name="Id">The sequence number (0 before it is stored).</param>
/// <param name="At">When it happened.</param>
/// <param name="Actor">Who: a username, <c>apikey:ID</c>, or <c>anonymous</c>.</param>
/// <param name="Action">What, e.g. <c>auth.login</c> or the API operation name (<c>StartWorkflow</c>).</param>
/// <param name="Target">On what, e.g. a workflow id or a username.</param>
/// <param name="Outcome"><c>success</c>, <c>failure</c> or <c>denied</c>.</param>
/// <param name="Status">The HTTP status answered, when it was a request.</param>
/// <param name="Ip">The client address.</param>
/// <param name="RequestId">The request's trace identifier.</param>
/// <param name="Detail">More, as JSON (e.g. why a sign-in failed).</param>
public sealed record AuditRecord(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Target,
    string Outcome,
    int? Status,
    string? Ip,
    string? RequestId,
    JsonElement? Detail);
