namespace Automation.Api.Hosting;

/// <summary>
/// Cross-origin access from browsers. Bound from the configuration section <c>Automation:Api:Cors</c>. Closed by
/// default: with no origins listed the API answers no CORS headers, so no other site's page can read its answers.
/// </summary>
public sealed class ApiCorsOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Api:Cors";

    /// <summary>
    /// The origins (<c>https://console.example.com</c>: scheme, host and port only) whose pages may call the API. They
    /// may send any method and header (<c>Authorization</c> included) and read <c>Location</c>, <c>Retry-After</c> and
    /// <c>WWW-Authenticate</c>; credentials (cookies) are never allowed. Default: none.
    /// </summary>
    public List<string> AllowedOrigins { get; set; } = [];
}
