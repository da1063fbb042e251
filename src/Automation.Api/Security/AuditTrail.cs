using System.Text.Json;
using Automation.Security;

namespace Automation.Api.Security;

/// <summary>Writes audit records for the request being served: who (the caller), from where, which request.</summary>
/// <param name="log">The audit log.</param>
/// <param name="time">The clock.</param>
public sealed class AuditTrail(IAuditLog log, TimeProvider time)
{
    /// <summary>Outcome of an allowed, successful action.</summary>
    public const string Success = "success";

    /// <summary>Outcome of an action that failed (bad credentials, invalid input).</summary>
    public const string Failure = "failure";

    /// <summary>Outcome of an action refused for lack of permission.</summary>
    public const string Denied = "denied";

    /// <summary>Records one event of the current request. Never pass a secret, password or token in <paramref name="detail"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="action">What, e.g. <c>auth.login</c>.</param>
    /// <param name="target">On what.</param>
    /// <param name="outcome"><see cref="Success"/>, <see cref="Failure"/> or <see cref="Denied"/>.</param>
    /// <param name="detail">More, serialized to JSON.</param>
    /// <param name="actor">Who, when not the authenticated caller (e.g. the username a sign-in claims).</param>
    /// <param name="status">The HTTP status answered.</param>
    /// <returns>A task that completes once the record is committed.</returns>
    public Task RecordAsync(HttpContext http, string action, string? target, string outcome, object? detail = null, string? actor = null, int? status = null) =>
        log.AppendAsync(
            [
                new AuditRecord(
                    0,
                    time.GetUtcNow(),
                    actor ?? http.User.Actor(),
                    action,
                    target,
                    outcome,
                    status,
                    http.Connection.RemoteIpAddress?.ToString(),
                    http.TraceIdentifier,
                    detail is null ? null : JsonSerializer.SerializeToElement(detail, JsonSerializerOptions.Web)),
            ],
            CancellationToken.None);
}
