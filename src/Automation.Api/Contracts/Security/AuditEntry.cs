using System.Text.Json;
using Automation.Security;

namespace Automation.Api.Contracts;

/// <summary>One audit record.</summary>
/// <param name="Id">The sequence number: records are stored in increasing id order.</param>
/// <param name="At">When the request or event finished.</param>
/// <param name="Actor">Who: a username, <c>apikey:ID</c>, or <c>anonymous</c>.</param>
/// <param name="Action">What: the operation id (<c>PutDefinition</c>, <c>StartWorkflow</c>) or an authentication event (<c>auth.token</c>).</param>
/// <param name="Target">On what: the route values (a definition name, a workflow id), or the created resource's id.</param>
/// <param name="Outcome"><c>success</c> (2xx), <c>denied</c> (401, 403) or <c>failure</c>.</param>
/// <param name="Status">The HTTP status answered.</param>
/// <param name="Ip">The client address.</param>
/// <param name="RequestId">The request id: the <c>traceId</c> of problem responses and logs.</param>
/// <param name="Detail">More: the method and route template of a request, or why a sign-in failed. Never a secret.</param>
public sealed record AuditEntry(
    long Id,
    DateTimeOffset At,
    string Actor,
    string Action,
    string? Target,
    string Outcome,
    int? Status,
    string? Ip,
    string? RequestId,
    JsonElement? Detail)
{
    /// <summary>Maps a stored record.</summary>
    /// <param name="record">The record.</param>
    /// <returns>The entry.</returns>
    public static AuditEntry From(AuditRecord record) => new(
        record.Id, record.At, record.Actor, record.Action, record.Target, record.Outcome, record.Status, record.Ip, record.RequestId, record.Detail);
}
