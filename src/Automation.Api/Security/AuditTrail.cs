using System.Text;
using System.Text.Json;
using Automation.Security;
using Microsoft.AspNetCore.Http.Features;

namespace Automation.Api.Security;

/// <summary>Writes audit records for the request being served: who (the caller), from where, which request.</summary>
/// <remarks>
/// An endpoint that records its own event here (sign-in, password, MFA) replaces the generic record
/// <see cref="AuditMiddleware"/> would write for the request, so each request is recorded once.
/// </remarks>
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

    /// <summary>The longest text kept from a client value (a target taken from the URL or the body).</summary>
    public const int MaxTextLength = 200;

    private static readonly object RecordedKey = new();

    /// <summary>Records one event of the current request. Never pass a secret, password or token in <paramref name="detail"/>.</summary>
    /// <param name="http">The request.</param>
    /// <param name="action">What, e.g. <c>auth.login</c>.</param>
    /// <param name="target">On what.</param>
    /// <param name="outcome"><see cref="Success"/>, <see cref="Failure"/> or <see cref="Denied"/>.</param>
    /// <param name="detail">More, serialized to JSON.</param>
    /// <param name="actor">Who, when not the authenticated caller (e.g. the username a sign-in claims).</param>
    /// <param name="status">The HTTP status answered.</param>
    /// <returns>A task that completes once the record is committed.</returns>
    public Task RecordAsync(HttpContext http, string action, string? target, string outcome, object? detail = null, string? actor = null, int? status = null)
    {
        http.Items[RecordedKey] = true;
        return log.AppendAsync(
            [
                new AuditRecord(
                    0,
                    time.GetUtcNow(),
                    actor ?? http.User.Actor(),
                    action,
                    Clean(target),
                    outcome,
                    status,
                    http.Connection.RemoteIpAddress?.ToString(),
                    RequestId(http),
                    detail is null ? null : JsonSerializer.SerializeToElement(detail, JsonSerializerOptions.Web)),
            ],
            CancellationToken.None);
    }

    /// <summary>
    /// Marks a routine, high-frequency request that succeeded (an agent's heartbeat, a poll that found nothing) as not
    /// worth a record of its own: agents send them every few seconds. Refusals are still recorded (the endpoint only
    /// calls this on success), and so are leases, reports, registrations and deletions.
    /// </summary>
    /// <param name="http">The request.</param>
    internal static void Routine(HttpContext http) => http.Items[RecordedKey] = true;

    /// <summary>Whether the endpoint recorded its own event for this request.</summary>
    /// <param name="http">The request.</param>
    /// <returns><see langword="true"/> after <see cref="RecordAsync"/>.</returns>
    internal static bool Recorded(HttpContext http) => http.Items.ContainsKey(RecordedKey);

    /// <summary>
    /// The request's id as clients and logs see it: the W3C id of the request's activity (the <c>traceId</c> of every
    /// problem response), or the server's trace identifier when there is no activity.
    /// </summary>
    /// <param name="http">The request.</param>
    /// <returns>The id.</returns>
    internal static string RequestId(HttpContext http) =>
        http.Features.Get<IHttpActivityFeature>()?.Activity.Id ?? http.TraceIdentifier;

    /// <summary>
    /// A client value made storable: at most <see cref="MaxTextLength"/> characters, NUL and unpaired surrogates
    /// (which PostgreSQL text cannot hold, and would make the whole batch fail) replaced by U+FFFD.
    /// </summary>
    /// <param name="text">The value.</param>
    /// <returns>The cleaned value.</returns>
    internal static string? Clean(string? text)
    {
        if (text is null)
        {
            return null;
        }

        if (text.Length > MaxTextLength)
        {
            text = text[..MaxTextLength];
        }

        if (text.Contains('\0', StringComparison.Ordinal))
        {
            text = text.Replace('\0', '\uFFFD');
        }

        // The default UTF-8 encoding replaces an unpaired surrogate with U+FFFD.
        return text.AsSpan().IndexOfAnyInRange('\uD800', '\uDFFF') < 0 ? text : Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(text));
    }
}
