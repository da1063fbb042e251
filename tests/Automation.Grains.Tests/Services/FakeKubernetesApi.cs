using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Tests.Services;

/// <summary>
/// A real local HTTP server that answers <c>GET /api/v1/namespaces/{ns}/services?labelSelector=k=v</c> the way the
/// Kubernetes API does (a <c>v1</c> <c>ServiceList</c>, items filtered by an equality label selector, 401 without the
/// expected bearer token). Tests add, change and remove Services.
/// </summary>
internal sealed class FakeKubernetesApi : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, JsonObject> _services = new();
    private long _resourceVersion = 100;

    private FakeKubernetesApi(WebApplication app) => _app = app;

    public string BaseUrl { get; private set; } = "";

    public string Token { get; } = "token-" + Guid.NewGuid().ToString("N");

    /// <summary>When set, the list answers this status instead (e.g. 403 for missing RBAC).</summary>
    public int? FailWith { get; set; }

    public ConcurrentQueue<string> Requests { get; } = new();

    public static async Task<FakeKubernetesApi> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var fake = new FakeKubernetesApi(app);
        app.MapGet("/api/v1/namespaces/{ns}/services", (string ns, HttpRequest request) =>
        {
            fake.Requests.Enqueue(request.Path + request.QueryString);
            if (request.Headers.Authorization.ToString() != "Bearer " + fake.Token)
            {
                return Results.Json(Status(401, "Unauthorized"), statusCode: 401);
            }

            if (fake.FailWith is { } status)
            {
                return Results.Json(Status(status, "services is forbidden"), statusCode: status);
            }

            var selector = request.Query["labelSelector"].ToString().Split('=', 2);
            var items = new JsonArray();
            foreach (var service in fake._services.Values.OrderBy(s => s["metadata"]!["name"]!.GetValue<string>()))
            {
                var metadata = service["metadata"]!;
                var labels = metadata["labels"] as JsonObject;
                if (metadata["namespace"]!.GetValue<string>() == ns && selector.Length == 2
                    && labels?[selector[0]]?.GetValue<string>() == selector[1])
                {
                    items.Add(service.DeepClone());
                }
            }

            var list = new JsonObject
            {
                ["kind"] = "ServiceList",
                ["apiVersion"] = "v1",
                ["metadata"] = new JsonObject { ["resourceVersion"] = Interlocked.Read(ref fake._resourceVersion).ToString() },
                ["items"] = items,
            };
            return Results.Text(list.ToJsonString(), "application/json");
        });
        await app.StartAsync();
        fake.BaseUrl = app.Urls.First();
        return fake;
    }

    /// <summary>Adds or replaces a Service (a new resourceVersion each time).</summary>
    public void Put(string ns, string name, IDictionary<string, string> labels, IDictionary<string, string> annotations, params (string Name, int Port)[] ports)
    {
        var version = Interlocked.Increment(ref _resourceVersion);
        var service = new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["name"] = name,
                ["namespace"] = ns,
                ["uid"] = $"uid-{ns}-{name}",
                ["resourceVersion"] = version.ToString(),
                ["labels"] = JsonSerializer.SerializeToNode(labels),
                ["annotations"] = JsonSerializer.SerializeToNode(annotations),
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = "10.0.0.17",
                ["ports"] = new JsonArray([.. ports.Select(p => (JsonNode)new JsonObject { ["name"] = p.Name, ["port"] = p.Port, ["protocol"] = "TCP" })]),
            },
        };
        _services[$"{ns}/{name}"] = service;
    }

    public void Remove(string ns, string name) => _services.TryRemove($"{ns}/{name}", out _);

    public async ValueTask DisposeAsync() => await _app.DisposeAsync();

    private static JsonObject Status(int code, string message) => new()
    {
        ["kind"] = "Status", ["apiVersion"] = "v1", ["status"] = "Failure", ["message"] = message, ["code"] = code,
    };
}
