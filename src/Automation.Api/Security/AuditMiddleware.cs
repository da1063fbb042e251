using System.Text.Json;
using Automation.Security;
using Microsoft.AspNetCore.Http.Metadata;

namespace Automation.Api.Security;

/// <summary>
/// Records every state-changing request (<c>POST</c>, <c>PUT</c>, <c>PATCH</c>, <c>DELETE</c>) to an <c>/api/v1</c>
/// endpoint, and every request to one that is answered <c>401</c> or <c>403</c>, in the audit trail once the response
/// is complete: who, which operation, on what (the route values), the outcome and status, the client address and the
/// request id. The detail is the method and the route template only: never the body, a header or a query value. A
/// request whose endpoint recorded its own event (<see cref="AuditTrail"/>) is not recorded again. Records are queued
/// to <see cref="AuditWriter"/>, so auditing adds no database round trip to the request.
/// </summary>
/// <remarks>
/// It must run before the authorization middleware, which answers <c>401</c> and <c>403</c> without calling the rest of
/// the pipeline. It reads the status when the response has completed, so an exception turned into a <c>503</c> by the
/// exception handler is recorded as <c>503</c>.
/// </remarks>
/// <param name="next">The rest of the pipeline.</param>
/// <param name="writer">Queues the records.</param>
/// <param name="time">The clock.</param>
internal sealed class AuditMiddleware(RequestDelegate next, AuditWriter writer, TimeProvider time)
{
    /// <summary>Serves the request and arranges for its record.</summary>
    /// <param name="http">The request.</param>
    /// <returns>A task that completes with the request.</returns>
    public Task InvokeAsync(HttpContext http)
    {
        // Every /api/v1 endpoint, and only those, carries its access rule (EndpointPermissionConventions).
        if (http.GetEndpoint() is not RouteEndpoint endpoint || endpoint.Metadata.GetMetadata<EndpointAccess>() is null)
        {
            return next(http);
        }

        // Taken now: the exception handler clears the endpoint and the route values before it answers.
        var request = new AuditedRequest(
            endpoint.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? endpoint.DisplayName ?? "unknown",
            http.Request.Method,
            endpoint.RoutePattern.RawText ?? http.Request.Path.Value ?? "",
            Target(endpoint, http.Request.RouteValues),
            http.Connection.RemoteIpAddress?.ToString(),
            AuditTrail.RequestId(http));
        http.Response.OnCompleted(() =>
        {
            Record(http, request);
            return Task.CompletedTask;
        });
        return next(http);
    }

    private void Record(HttpContext http, AuditedRequest request)
    {
        var status = http.Response.StatusCode;
        var denied = status is StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden;
        if (AuditTrail.Recorded(http) || (!denied && !ChangesState(request.Method)))
        {
            return;
        }

        var outcome = status is >= 200 and < 300 ? AuditTrail.Success : denied ? AuditTrail.Denied : AuditTrail.Failure;
        var target = request.Target ?? (status == StatusCodes.Status201Created ? CreatedTarget(http.Response.Headers.Location.ToString()) : null);
        writer.TryEnqueue(new AuditRecord(
            0,
            time.GetUtcNow(),
            http.User.Actor(),
            request.Action,
            AuditTrail.Clean(target),
            outcome,
            status,
            request.Ip,
            request.RequestId,
            JsonSerializer.SerializeToElement(new AuditDetail(request.Method, request.Route), AuditDetailJson.Default.AuditDetail)));
    }

    private static bool ChangesState(string method) =>
        HttpMethods.IsPost(method) || HttpMethods.IsPut(method) || HttpMethods.IsPatch(method) || HttpMethods.IsDelete(method);

    /// <summary>The route values in the order of the template (<c>{name}/versions/{version}</c> gives <c>hello/2</c>).</summary>
    private static string? Target(RouteEndpoint endpoint, RouteValueDictionary values)
    {
        var parts = endpoint.RoutePattern.Parameters
            .Select(p => values.TryGetValue(p.Name, out var value) ? Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) : null)
            .OfType<string>()
            .ToList();
        return parts.Count == 0 ? null : string.Join('/', parts);
    }

    /// <summary>The id of a created resource named by no route value (a started workflow): the last segment of <c>Location</c>.</summary>
    private static string? CreatedTarget(string location)
    {
        var path = location.Split('?', 2)[0].TrimEnd('/');
        var slash = path.LastIndexOf('/');
        return slash < 0 || slash == path.Length - 1 ? null : Uri.UnescapeDataString(path[(slash + 1)..]);
    }

    private sealed record AuditedRequest(string Action, string Method, string Route, string? Target, string? Ip, string RequestId);
}
