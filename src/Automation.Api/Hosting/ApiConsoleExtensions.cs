using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace Automation.Api.Hosting;

/// <summary>
/// Serves the web console (a single-page app built from <c>src/Automation.Console</c>, see ADR 0022) at <c>/</c>: its
/// files, and <c>index.html</c> for any other GET that no endpoint answered (its own routes such as
/// <c>/workflows/{id}</c>). Paths of the API and the operational endpoints are never answered by the console.
/// </summary>
public static class ApiConsoleExtensions
{
    /// <summary>The folder name of the built console beside the API's assembly.</summary>
    public const string FolderName = "console";

    // Path prefixes the console must never answer: the API, the operational endpoints, the Orleans dashboard.
    private static readonly PathString[] ReservedPrefixes =
        [new("/api"), new("/health"), new("/ready"), new("/metrics"), new("/openapi"), new(ApiDashboardExtensions.RoutePrefix)];

    /// <summary>Whether a path belongs to the console (and gets its Content-Security-Policy), not to the API.</summary>
    /// <param name="path">The request path.</param>
    /// <returns>True unless the path starts with a reserved prefix.</returns>
    public static bool IsConsolePath(PathString path) => !ReservedPrefixes.Any(p => path.StartsWithSegments(p));

    // A missing bundle or root file (/assets/old.js, /robots.txt) answers 404, not the page; ids in the console's own
    // routes may contain dots (/workflows/order.17), so only those two places count as files.
    private static bool LooksLikeAFile(PathString path) =>
        path.StartsWithSegments("/assets") || (path.Value!.LastIndexOf('/') == 0 && Path.HasExtension(path.Value));

    /// <summary>
    /// Serves the console's files and, for a GET or HEAD of a console path that no endpoint matched, its
    /// <c>index.html</c>. Runs after routing, so it answers only what no endpoint took (a wrong method on an API route
    /// still gets its 405). Without a built console it logs a warning once and the paths answer 404.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication UseAutomationConsole(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        var root = Path.GetFullPath(options.ConsoleDirectory ?? Path.Combine(AppContext.BaseDirectory, FolderName));
        var index = Path.Combine(root, "index.html");
        if (!File.Exists(index))
        {
            app.Logger.LogWarning("The web console is not served: {Index} is missing (build src/Automation.Console with npm; see docs/console.md).", index);
            return app;
        }

        var files = new PhysicalFileProvider(root);
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            OnPrepareResponse = context =>
            {
                // Bundles are content-hashed by the build: cache them for good; anything else is revalidated.
                context.Context.Response.Headers.CacheControl = context.Context.Request.Path.StartsWithSegments("/assets")
                    ? "public, max-age=31536000, immutable"
                    : "no-cache";
            },
        });
        app.Use(async (context, next) =>
        {
            var request = context.Request;
            if (context.GetEndpoint() is not null
                || !(HttpMethods.IsGet(request.Method) || HttpMethods.IsHead(request.Method))
                || !IsConsolePath(request.Path)
                || LooksLikeAFile(request.Path))
            {
                await next(context);
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            context.Response.Headers.CacheControl = "no-cache";
            context.Response.Headers[HeaderNames.XContentTypeOptions] = "nosniff";
            if (HttpMethods.IsHead(request.Method))
            {
                return;
            }

            await context.Response.SendFileAsync(files.GetFileInfo("index.html"), context.RequestAborted);
        });
        return app;
    }
}
