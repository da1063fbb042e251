using Microsoft.Extensions.Options;

namespace Automation.Grains.Hosting;

/// <summary>Validates <see cref="KubernetesDiscoveryOptions"/> at start-up (only when discovery is enabled).</summary>
internal sealed class KubernetesDiscoveryOptionsValidator : IValidateOptions<KubernetesDiscoveryOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, KubernetesDiscoveryOptions options)
    {
        if (!options.Enabled)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        var section = KubernetesDiscoveryOptions.SectionName;
        var api = options.EffectiveApiServer();
        if (api is null)
        {
            failures.Add($"{section}:ApiServer is not set and KUBERNETES_SERVICE_HOST is empty: discovery needs the in-cluster API server (run in a pod) or an explicit ApiServer.");
        }
        else if (!Uri.TryCreate(api, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            failures.Add($"{section}:ApiServer must be an absolute https:// (or http://) URL (was '{api}').");
        }

        if (options.Namespace is { } ns && !IsDnsLabel(ns))
        {
            failures.Add($"{section}:Namespace must be a Kubernetes namespace name (1–63 lowercase letters, digits and '-') (was '{ns}').");
        }

        if (string.IsNullOrWhiteSpace(options.LabelSelector) || options.LabelSelector.Length > 500)
        {
            failures.Add($"{section}:LabelSelector must be a non-empty label selector, e.g. automation/monitor=true.");
        }

        if (options.Interval < TimeSpan.FromSeconds(1) || options.Interval > TimeSpan.FromHours(1))
        {
            failures.Add($"{section}:Interval must be between 1s and 1h (was {options.Interval}).");
        }

        if (!options.DefaultProbePath.StartsWith('/'))
        {
            failures.Add($"{section}:DefaultProbePath must start with '/' (was '{options.DefaultProbePath}').");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterDomain) || Uri.CheckHostName(options.ClusterDomain.Trim('.')) != UriHostNameType.Dns)
        {
            failures.Add($"{section}:ClusterDomain must be a DNS domain such as cluster.local (was '{options.ClusterDomain}').");
        }

        return failures.Count > 0 ? ValidateOptionsResult.Fail(failures) : ValidateOptionsResult.Success;
    }

    private static bool IsDnsLabel(string s) =>
        s.Length is > 0 and <= 63 && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-') && s[0] != '-' && s[^1] != '-';
}
