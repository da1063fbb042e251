namespace Automation.Api.Hosting;

/// <summary>HTTP API limits. Bound from the configuration section <c>Automation:Api</c>.</summary>
public sealed class ApiOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Api";

    /// <summary>Largest accepted request body in bytes. Default 1 MiB.</summary>
    public long MaxRequestBodyBytes { get; set; } = 1 << 20;

    /// <summary>Longest <c>?wait=</c> a client may ask for on <c>GET /workflows/{id}</c>. Default 5 minutes.</summary>
    public TimeSpan MaxWait { get; set; } = TimeSpan.FromMinutes(5);
}
