using Automation.Api.Contracts;
using Automation.Services;

namespace Automation.Api.Apis;

internal static partial class ServiceRequestParser
{
    private static readonly TimeSpan MinBreakerDuration = TimeSpan.FromMilliseconds(500);

    /// <summary>An absolute http(s) URL without query or fragment, kept without a trailing slash.</summary>
    private static string? ParseBaseUrl(string? text, List<(string, string)> errors)
    {
        if (text is null)
        {
            return null;
        }

        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || text.Length > 2000)
        {
            errors.Add(("$.baseUrl", $"'{text}' is not an absolute http:// or https:// URL without query or fragment (at most 2000 characters)."));
            return null;
        }

        return text.TrimEnd('/');
    }

    private static BreakerSettings? ParseBreaker(BreakerRequest? request, List<(string, string)> errors)
    {
        if (request is null)
        {
            return null;
        }

        var d = BreakerSettings.Default;
        if (request.FailureRatio is { } ratio && (double.IsNaN(ratio) || ratio <= 0 || ratio > 1))
        {
            errors.Add(("$.breaker.failureRatio", $"Must be above 0 and at most 1; got {ratio}."));
        }

        if (request.MinimumThroughput is { } throughput && throughput is < 2 or > 10_000)
        {
            errors.Add(("$.breaker.minimumThroughput", $"Must be a whole number from 2 to 10000; got {throughput}."));
        }

        var sampling = ParseDuration(request.SamplingDuration, "$.breaker.samplingDuration", MaxInterval, errors);
        var pause = ParseDuration(request.BreakDuration, "$.breaker.breakDuration", MaxInterval, errors);
        foreach (var (value, field) in new[] { (sampling, "$.breaker.samplingDuration"), (pause, "$.breaker.breakDuration") })
        {
            if (value is { } v && v < MinBreakerDuration)
            {
                errors.Add((field, $"Must be at least {Duration.Format(MinBreakerDuration)}; got {Duration.Format(v)}."));
            }
        }

        return new BreakerSettings(request.FailureRatio ?? d.FailureRatio, request.MinimumThroughput ?? d.MinimumThroughput, sampling, pause);
    }
}
