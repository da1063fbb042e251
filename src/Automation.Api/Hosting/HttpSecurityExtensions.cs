using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.Extensions.Options;

namespace Automation.Api.Hosting;

/// <summary>The browser-facing protections: security headers, HSTS and CORS (closed unless origins are configured).</summary>
public static class HttpSecurityExtensions
{
    /// <summary>Registers CORS, with a default policy only when <see cref="ApiCorsOptions.AllowedOrigins"/> lists origins.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationHttpSecurity(this IServiceCollection services)
    {
        services.AddOptions<ApiCorsOptions>().BindConfiguration(ApiCorsOptions.SectionName)
            .Validate(o => o.AllowedOrigins.All(IsOrigin), $"{ApiCorsOptions.SectionName}:AllowedOrigins must list origins only (https://host[:port], no path, no '*').")
            .ValidateOnStart();
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<IOptions<ApiCorsOptions>>((cors, api) =>
        {
            if (api.Value.AllowedOrigins.Count > 0)
            {
                cors.AddDefaultPolicy(p => p.WithOrigins([.. api.Value.AllowedOrigins]).AllowAnyMethod().AllowAnyHeader()
                    .WithExposedHeaders("Location", "Retry-After", "WWW-Authenticate").SetPreflightMaxAge(TimeSpan.FromMinutes(10)));
            }
        });
        return services;
    }

    /// <summary>
    /// Adds HSTS on HTTPS requests (outside Development), the security headers (<see cref="SecurityHeadersMiddleware"/>)
    /// and CORS. Call it first, so that every response carries them.
    /// </summary>
    /// <param name="app">The application.</param>
    /// <returns>The same application.</returns>
    public static WebApplication UseAutomationHttpSecurity(this WebApplication app)
    {
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseCors();
        return app;
    }

    private static bool IsOrigin(string origin) =>
        Uri.TryCreate(origin, UriKind.Absolute, out var uri)
        && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
        && string.Equals(origin, $"{uri.Scheme}://{uri.Authority}", StringComparison.OrdinalIgnoreCase);
}
