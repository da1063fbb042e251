using System.Globalization;
using System.Threading.RateLimiting;
using Automation.Api.Security;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;

namespace Automation.Api.Hosting;

/// <summary>
/// The API's rate limits: a token bucket per principal on every <c>/api/v1</c> and dashboard endpoint, and a fixed
/// window per client IP address on the sign-in endpoints. A rejected request gets <c>429</c> problem details with
/// <c>Retry-After</c> in seconds.
/// </summary>
public static class RateLimitPolicies
{
    /// <summary>The policy keyed by principal (<see cref="PrincipalAccess.Actor"/>), or by IP address when anonymous.</summary>
    public const string PerPrincipal = "per-principal";

    /// <summary>The policy of the sign-in endpoints, keyed by client IP address.</summary>
    public const string SignIn = "sign-in";

    /// <summary>The operation ids that get <see cref="SignIn"/> instead of <see cref="PerPrincipal"/>.</summary>
    public static IReadOnlySet<string> SignInOperations { get; } = new HashSet<string>(StringComparer.Ordinal) { "CreateToken", "RefreshToken" };

    /// <summary>Registers both policies, configured from <see cref="RateLimitOptions.SectionName"/>.</summary>
    /// <param name="services">The services.</param>
    /// <returns>The same services.</returns>
    public static IServiceCollection AddAutomationRateLimits(this IServiceCollection services)
    {
        services.AddOptions<RateLimitOptions>().BindConfiguration(RateLimitOptions.SectionName)
            .Validate(o => o.PermitsPerSecond > 0 && o.Burst > 0 && o.SignInsPerMinute > 0, $"{RateLimitOptions.SectionName}: PermitsPerSecond, Burst and SignInsPerMinute must be positive.")
            .ValidateOnStart();
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, options) =>
        {
            var limits = options.Value;
            var bucket = new TokenBucketRateLimiterOptions
            {
                TokenLimit = limits.Burst,
                TokensPerPeriod = limits.PermitsPerSecond,
                ReplenishmentPeriod = TimeSpan.FromSeconds(1),
                QueueLimit = 0,
            };
            var window = new FixedWindowRateLimiterOptions { PermitLimit = limits.SignInsPerMinute, Window = TimeSpan.FromMinutes(1), QueueLimit = 0 };
            limiter.AddPolicy(PerPrincipal, http => RateLimitPartition.GetTokenBucketLimiter(PrincipalKey(http), _ => bucket));
            limiter.AddPolicy(SignIn, http => RateLimitPartition.GetFixedWindowLimiter(AddressKey(http), _ => window));
            limiter.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            limiter.OnRejected = RejectAsync;
        });
        return services;
    }

    /// <summary>
    /// Applies <see cref="PerPrincipal"/> to every endpoint of <paramref name="group"/>, and <see cref="SignIn"/> in its
    /// place to the endpoints named in <see cref="SignInOperations"/>.
    /// </summary>
    /// <param name="group">The <c>/api/v1</c> group.</param>
    /// <returns>The group.</returns>
    public static RouteGroupBuilder RequireRateLimits(this RouteGroupBuilder group)
    {
        group.RequireRateLimiting(PerPrincipal);
        // Added last, so it is the endpoint's effective policy (the middleware uses the last EnableRateLimiting).
        ((IEndpointConventionBuilder)group).Finally(endpoint =>
        {
            if (endpoint.Metadata.OfType<IEndpointNameMetadata>().LastOrDefault()?.EndpointName is { } name && SignInOperations.Contains(name))
            {
                endpoint.Metadata.Add(new EnableRateLimitingAttribute(SignIn));
            }
        });
        return group;
    }

    private static string PrincipalKey(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true ? "principal:" + http.User.Actor() : AddressKey(http);

    // Behind a proxy this is the proxy's address unless forwarded headers are on (ASPNETCORE_FORWARDEDHEADERS_ENABLED).
    private static string AddressKey(HttpContext http) => "ip:" + (http.Connection.RemoteIpAddress?.ToString() ?? "unknown");

    private static async ValueTask RejectAsync(OnRejectedContext context, CancellationToken cancellationToken)
    {
        var http = context.HttpContext;
        var signIn = http.GetEndpoint()?.Metadata.GetMetadata<EnableRateLimitingAttribute>()?.PolicyName == SignIn;
        var seconds = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var retryAfter) ? (int)Math.Ceiling(retryAfter.TotalSeconds) : 1;
        seconds = Math.Max(1, seconds);
        http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
        http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
        await ProblemResponses.WriteAsync(http, new ProblemDetails
        {
            Status = StatusCodes.Status429TooManyRequests,
            Type = "https://www.rfc-editor.org/rfc/rfc6585#section-4",
            Title = "Too many requests",
            Detail = signIn
                ? $"Too many sign-ins from this address. Retry after {seconds} s."
                : $"The rate limit for this caller was reached. Retry after {seconds} s.",
        });
    }
}
