using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using Automation.Grains.Hosting;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Services.Discovery;

/// <summary>
/// Lists Services through the Kubernetes API with plain HTTP (<c>GET /api/v1/namespaces/{ns}/services?labelSelector=…</c>),
/// authenticated with the service account's bearer token (read at every call: it rotates) and trusting the service
/// account's CA bundle.
/// </summary>
internal sealed class KubernetesApiClient(IHttpClientFactory clients, IOptions<KubernetesDiscoveryOptions> options)
{
    /// <summary>The named HttpClient.</summary>
    public const string ClientName = "automation-kubernetes";

    /// <summary>Lists the Services matching the label selector.</summary>
    /// <param name="cancellationToken">Stops the call.</param>
    /// <returns>The Service objects.</returns>
    /// <exception cref="HttpRequestException">The API server did not answer 200 with a ServiceList.</exception>
    public async Task<IReadOnlyList<JsonElement>> ListServicesAsync(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var url = $"{o.EffectiveApiServer()}/api/v1/namespaces/{Uri.EscapeDataString(o.EffectiveNamespace())}/services?labelSelector={Uri.EscapeDataString(o.LabelSelector)}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        // The token only goes over https (or to this machine, e.g. a local proxy): never in clear over a network.
        if (File.Exists(o.TokenPath) && MaySendToken(new Uri(url)))
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", (await File.ReadAllTextAsync(o.TokenPath, cancellationToken)).Trim());
        }

        using var response = await clients.CreateClient(ClientName).SendAsync(request, cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"GET {url} answered {(int)response.StatusCode} {response.ReasonPhrase}" +
                (response.StatusCode == System.Net.HttpStatusCode.Forbidden ? ": the service account needs get/list/watch on services (see docs/services.md)" : ""));
        }

        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var document = await JsonDocument.ParseAsync(stream, cancellationToken: cancellationToken);
        if (!document.RootElement.TryGetProperty("items", out var items) || items.ValueKind != JsonValueKind.Array)
        {
            throw new HttpRequestException($"GET {url} answered without an items array (not a ServiceList)");
        }

        return [.. items.EnumerateArray().Select(i => i.Clone())];
    }

    /// <summary>Whether the bearer token may go to <paramref name="url"/>: https, or a loopback address.</summary>
    /// <param name="url">The request URL.</param>
    /// <returns>Whether to attach it.</returns>
    internal static bool MaySendToken(Uri url) => url.Scheme == Uri.UriSchemeHttps || url.IsLoopback;

    /// <summary>
    /// The primary handler: when the CA bundle exists, the API server's certificate must chain to it (and only to it:
    /// public roots are not trusted for the API server), else the system's roots.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <returns>The handler.</returns>
    public static SocketsHttpHandler CreateHandler(KubernetesDiscoveryOptions options)
    {
        var handler = new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) };
        if (File.Exists(options.CaPath))
        {
            var authorities = new X509Certificate2Collection();
            authorities.ImportFromPemFile(options.CaPath);
            handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, presented, errors) =>
            {
                if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != 0)
                {
                    return false; // a name mismatch or no certificate is never accepted
                }

                // Always built against the bundle alone, even when the system's roots accepted the chain.
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (presented is not null)
                {
                    foreach (var element in presented.ChainElements)
                    {
                        chain.ChainPolicy.ExtraStore.Add(element.Certificate);
                    }
                }

                using var leaf = new X509Certificate2(certificate);
                return chain.Build(leaf);
            };
        }

        return handler;
    }
}
