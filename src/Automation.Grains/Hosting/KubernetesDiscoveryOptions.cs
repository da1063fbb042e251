namespace Automation.Grains.Hosting;

/// <summary>
/// Kubernetes service discovery: registers every Kubernetes Service carrying <see cref="LabelSelector"/> in
/// <see cref="Namespace"/> as a monitored service. Off by default. Bound from <c>Automation:Services:Discovery:Kubernetes</c>.
/// </summary>
public sealed class KubernetesDiscoveryOptions
{
    /// <summary>The configuration section name.</summary>
    public const string SectionName = "Automation:Services:Discovery:Kubernetes";

    /// <summary>The service-account folder Kubernetes mounts into every pod.</summary>
    public const string ServiceAccountFolder = "/var/run/secrets/kubernetes.io/serviceaccount";

    /// <summary>Whether discovery runs. Default false.</summary>
    public bool Enabled { get; set; }

    /// <summary>The namespace to watch; default the pod's own (the service account's <c>namespace</c> file), else <c>default</c>.</summary>
    public string? Namespace { get; set; }

    /// <summary>Which Services are registered, as a Kubernetes label selector. Default <c>automation/monitor=true</c>.</summary>
    public string LabelSelector { get; set; } = "automation/monitor=true";

    /// <summary>How often the Services are listed. Default 30 s; 1 s to 1 h.</summary>
    public TimeSpan Interval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The API server; default <c>https://$KUBERNETES_SERVICE_HOST:$KUBERNETES_SERVICE_PORT</c> (in-cluster).</summary>
    public string? ApiServer { get; set; }

    /// <summary>The bearer token file, read at every list (tokens rotate). Default the service account's <c>token</c>.</summary>
    public string TokenPath { get; set; } = ServiceAccountFolder + "/token";

    /// <summary>The CA bundle the API server's certificate must chain to. Default the service account's <c>ca.crt</c>.</summary>
    public string CaPath { get; set; } = ServiceAccountFolder + "/ca.crt";

    /// <summary>
    /// The cluster's DNS domain: probes target <c>{service}.{namespace}.svc.{ClusterDomain}</c>, which the outbound allow
    /// entry <c>*.svc.{ClusterDomain}</c> admits. Default <c>cluster.local</c>.
    /// </summary>
    public string ClusterDomain { get; set; } = Engine.Services.KubernetesServiceMapper.DefaultClusterDomain;

    /// <summary>The probe path of a Service without an <c>automation/probe-path</c> annotation. Default <c>/health</c>.</summary>
    public string DefaultProbePath { get; set; } = "/health";

    /// <summary>The API server to call: <see cref="ApiServer"/>, else the in-cluster address from the environment.</summary>
    /// <returns>The base URL, or <see langword="null"/> when neither is set (not in a cluster).</returns>
    public string? EffectiveApiServer()
    {
        if (!string.IsNullOrWhiteSpace(ApiServer))
        {
            return ApiServer.TrimEnd('/');
        }

        var host = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST");
        var port = Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_PORT") ?? "443";
        if (string.IsNullOrWhiteSpace(host))
        {
            return null;
        }

        return host.Contains(':', StringComparison.Ordinal) ? $"https://[{host}]:{port}" : $"https://{host}:{port}";
    }

    /// <summary>The namespace to list: <see cref="Namespace"/>, else the pod's own, else <c>default</c>.</summary>
    /// <returns>The namespace.</returns>
    public string EffectiveNamespace()
    {
        if (!string.IsNullOrWhiteSpace(Namespace))
        {
            return Namespace;
        }

        var file = Path.Combine(ServiceAccountFolder, "namespace");
        return File.Exists(file) ? File.ReadAllText(file).Trim() : "default";
    }
}
