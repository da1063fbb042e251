namespace Automation.Services;

/// <summary>The base URL that <c>http</c> step calls to a service are matched on.</summary>
public static class ServiceBaseUrl
{
    /// <summary>The declared <see cref="ServiceSpec.BaseUrl"/>, else the origin (scheme, host, port) of an http probe's URL.</summary>
    /// <param name="spec">The registration.</param>
    /// <returns>The base URL without a trailing slash, or <see langword="null"/> when neither applies.</returns>
    public static string? Of(ServiceSpec spec)
    {
        if (spec.BaseUrl is { } declared)
        {
            return declared.TrimEnd('/');
        }

        return spec.Probe.Type == ProbeType.Http && Uri.TryCreate(spec.Probe.Url, UriKind.Absolute, out var uri)
            ? uri.GetLeftPart(UriPartial.Authority)
            : null;
    }
}
