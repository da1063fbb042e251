using System.Globalization;
using System.Text.Json;
using Automation.Services;

namespace Automation.Engine.Services;

/// <summary>
/// Maps a Kubernetes Service object (as the API's <c>ServiceList</c> items) to a monitored service registration, from
/// its annotations: <c>automation/name</c>, <c>automation/probe-type</c> (<c>http</c> or <c>tcp</c>),
/// <c>automation/probe-port</c> (number or port name), <c>automation/probe-path</c>, <c>automation/probe-scheme</c>,
/// <c>automation/interval</c>, <c>automation/timeout</c>, <c>automation/owner</c>, <c>automation/description</c>,
/// <c>automation/tags</c> and <c>automation/depends-on</c> (comma-separated). Pure: no I/O.
/// </summary>
public static class KubernetesServiceMapper
{
    /// <summary>The tag every discovered service carries; services without it are never touched by discovery.</summary>
    public const string DiscoveredTag = "discovered:kubernetes";

    /// <summary>The DNS domain of a Kubernetes cluster unless its kubelets are configured otherwise.</summary>
    public const string DefaultClusterDomain = "cluster.local";

    private const string Prefix = "automation/";

    /// <summary>The outbound allow entry that admits every probe target of <paramref name="clusterDomain"/>: <c>*.svc.{clusterDomain}</c>.</summary>
    /// <param name="clusterDomain">The cluster's DNS domain.</param>
    /// <returns>The entry.</returns>
    public static string AllowEntry(string clusterDomain) => "*.svc." + clusterDomain.Trim('.');

    /// <summary>Maps one Service.</summary>
    /// <param name="item">The Service object.</param>
    /// <param name="defaultProbePath">The probe path without an annotation.</param>
    /// <param name="error">Why it cannot be registered (names the Service and the annotation).</param>
    /// <param name="clusterDomain">The cluster's DNS domain: probes target <c>{service}.{namespace}.svc.{clusterDomain}</c>.</param>
    /// <returns>The registration, or <see langword="null"/> with <paramref name="error"/>.</returns>
    public static DiscoveredService? Map(JsonElement item, string defaultProbePath, out string? error, string clusterDomain = DefaultClusterDomain)
    {
        error = null;
        var metadata = item.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? m : default;
        var k8sName = Text(metadata, "name");
        var ns = Text(metadata, "namespace") ?? "default";
        if (k8sName is null)
        {
            error = "a Service without metadata.name";
            return null;
        }

        var source = $"{ns}/{k8sName}";
        var a = Annotations(metadata);
        var name = a.GetValueOrDefault(Prefix + "name") ?? $"{k8sName}.{ns}";
        if (!IsServiceName(name))
        {
            error = $"{source}: '{name}' is not a service name (1–100 of a-z 0-9 . _ -); set the automation/name annotation";
            return null;
        }

        var interval = TimeSpan.FromSeconds(30);
        if (a.TryGetValue(Prefix + "interval", out var iv) && (!Duration.TryParse(iv, out interval) || interval < TimeSpan.FromSeconds(1) || interval > TimeSpan.FromHours(1)))
        {
            error = $"{source}: automation/interval '{iv}' is not a duration from 1s to 1h";
            return null;
        }

        var timeout = interval < TimeSpan.FromSeconds(5) ? interval : TimeSpan.FromSeconds(5);
        if (a.TryGetValue(Prefix + "timeout", out var tv) && (!Duration.TryParse(tv, out timeout) || timeout <= TimeSpan.Zero || timeout > interval))
        {
            error = $"{source}: automation/timeout '{tv}' is not a duration above 0 and at most the interval";
            return null;
        }

        if (Port(item, a.GetValueOrDefault(Prefix + "probe-port"), out var portError) is not { } port)
        {
            error = $"{source}: {portError}";
            return null;
        }

        // The fully qualified name: it matches the documented outbound allow entry *.svc.{clusterDomain}, and needs no
        // search domain from the pod's resolv.conf.
        var host = $"{k8sName}.{ns}.svc.{clusterDomain.Trim('.')}";
        var type = a.GetValueOrDefault(Prefix + "probe-type") ?? "http";
        ProbeSpec probe;
        switch (type)
        {
            case "tcp":
                probe = new ProbeSpec(ProbeType.Tcp, interval, timeout) { Host = host, Port = port };
                break;
            case "http":
                var scheme = a.GetValueOrDefault(Prefix + "probe-scheme") ?? "http";
                var path = a.GetValueOrDefault(Prefix + "probe-path") ?? defaultProbePath;
                if (scheme is not ("http" or "https") || !path.StartsWith('/')
                    || !Uri.TryCreate($"{scheme}://{host}:{port}{path}", UriKind.Absolute, out var url))
                {
                    error = $"{source}: automation/probe-scheme must be http or https and automation/probe-path must start with '/'";
                    return null;
                }

                probe = new ProbeSpec(ProbeType.Http, interval, timeout) { Url = url.ToString() };
                break;
            default:
                error = $"{source}: automation/probe-type '{type}' must be http or tcp";
                return null;
        }

        var tags = List(a.GetValueOrDefault(Prefix + "tags"));
        var dependsOn = List(a.GetValueOrDefault(Prefix + "depends-on"));
        if (tags.FirstOrDefault(t => !IsTag(t)) is { } badTag)
        {
            error = $"{source}: automation/tags has '{badTag}', not a tag (1–64 of letters, digits . _ : / = -)";
            return null;
        }

        if (dependsOn.FirstOrDefault(d => !IsServiceName(d)) is { } badDependency)
        {
            error = $"{source}: automation/depends-on has '{badDependency}', not a service name";
            return null;
        }

        var owner = a.GetValueOrDefault(Prefix + "owner");
        var description = a.GetValueOrDefault(Prefix + "description") ?? $"Kubernetes Service {source}";
        return new DiscoveredService(name, source, new ServiceSpec(probe, HealthThresholds.Default)
        {
            Owner = owner is { Length: > 0 and <= 100 } ? owner : null,
            Description = description.Length <= 1000 ? description : description[..1000],
            Tags = [DiscoveredTag, .. tags.Where(t => t != DiscoveredTag).Distinct(StringComparer.Ordinal).Take(19)],
            DependsOn = [.. dependsOn.Distinct(StringComparer.Ordinal)],
        });
    }

    /// <summary>The probe port: the annotation (a number or the name of one of the Service's ports), else its first port.</summary>
    private static int? Port(JsonElement item, string? annotation, out string? error)
    {
        error = null;
        var ports = item.TryGetProperty("spec", out var spec) && spec.ValueKind == JsonValueKind.Object
            && spec.TryGetProperty("ports", out var p) && p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().ToList() : [];
        if (annotation is not null)
        {
            if (int.TryParse(annotation, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is > 0 and < 65536)
            {
                return number;
            }

            foreach (var port in ports)
            {
                if (Text(port, "name") == annotation && port.TryGetProperty("port", out var n) && n.TryGetInt32(out var named))
                {
                    return named;
                }
            }

            error = $"automation/probe-port '{annotation}' is neither a port number nor the name of one of the Service's ports";
            return null;
        }

        if (ports.Count > 0 && ports[0].TryGetProperty("port", out var first) && first.TryGetInt32(out var value))
        {
            return value;
        }

        error = "the Service has no ports; set automation/probe-port";
        return null;
    }

    private static Dictionary<string, string> Annotations(JsonElement metadata)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (metadata.ValueKind == JsonValueKind.Object && metadata.TryGetProperty("annotations", out var a) && a.ValueKind == JsonValueKind.Object)
        {
            foreach (var p in a.EnumerateObject())
            {
                if (p.Name.StartsWith(Prefix, StringComparison.Ordinal) && p.Value.ValueKind == JsonValueKind.String)
                {
                    result[p.Name] = p.Value.GetString()!.Trim();
                }
            }
        }

        return result;
    }

    private static string? Text(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    private static List<string> List(string? text) =>
        text is null ? [] : [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)];

    private static bool IsServiceName(string s) =>
        s.Length is > 0 and <= 100 && s != "graph" && s.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '.' or '_' or '-');

    private static bool IsTag(string s) =>
        s.Length is > 0 and <= 64 && s.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or ':' or '/' or '=' or '-');
}
