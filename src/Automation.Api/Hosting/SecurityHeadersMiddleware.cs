namespace Automation.Api.Hosting;

/// <summary>
/// Adds the security headers to every response, errors included (they are set when the response starts, after the
/// exception handler or the status code pages have written it): <c>X-Content-Type-Options: nosniff</c>,
/// <c>Referrer-Policy: no-referrer</c>, <c>X-Frame-Options: DENY</c>, a <c>Content-Security-Policy</c> that allows
/// nothing (JSON needs nothing) except on the dashboard's page and the web console's paths, and <c>Cache-Control: no-store</c> on
/// <c>/api/v1/auth/*</c> (tokens must not be cached).
/// </summary>
/// <param name="next">The rest of the pipeline.</param>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    /// <summary>The policy of every response but the dashboard's: load nothing, be framed by nobody.</summary>
    public const string ApiPolicy = "default-src 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The dashboard page's policy (checked page by page in headless Chromium): its own script only (no inline script, no
    /// eval), its own style sheet, fonts and images, <c>data:</c> images and one <c>data:</c> font (embedded in its
    /// style sheet), XHRs to its own JSON endpoints, nothing from elsewhere. Inline styles are allowed because its
    /// Lifecycle page draws with Mermaid, which writes <c>&lt;style&gt;</c> elements and style attributes into its SVG;
    /// styles cannot run script.
    /// </summary>
    public const string DashboardPolicy =
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; font-src 'self' data:; "
        + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>
    /// The web console's policy (<see cref="ApiConsoleExtensions"/>; checked in headless Chromium by the console's browser
    /// tests): its own script and style sheet files only (no inline script or style, no eval), its own images (and
    /// <c>data:</c> ones), requests to its own origin (the API), no plugins, no base URL changes, forms posting only
    /// to itself, framed by nobody.
    /// </summary>
    public const string ConsolePolicy =
        "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; "
        + "manifest-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    private static readonly PathString AuthPath = new("/api/v1/auth");

    /// <summary>Registers the headers, then runs the rest of the pipeline.</summary>
    /// <param name="context">The request.</param>
    /// <returns>A task that completes when the response is done.</returns>
    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state => Apply((HttpContext)state), context);
        return next(context);
    }

    private static Task Apply(HttpContext context)
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        var path = context.Request.Path;
        headers.ContentSecurityPolicy = path.StartsWithSegments(ApiDashboardExtensions.RoutePrefix) ? DashboardPolicy
            : ApiConsoleExtensions.IsConsolePath(path) ? ConsolePolicy
            : ApiPolicy;
        if (context.Request.Path.StartsWithSegments(AuthPath))
        {
            headers.CacheControl = "no-store";
        }

        return Task.CompletedTask;
    }
}
