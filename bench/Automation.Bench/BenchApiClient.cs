using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Automation.Bench;

/// <summary>The few API calls the bench makes.</summary>
internal sealed class BenchApiClient : IDisposable
{
    private static readonly MediaTypeHeaderValue Json = new("application/json");
    private readonly HttpClient _http;

    public BenchApiClient(Uri api, int connections, string? token)
    {
        var handler = new SocketsHttpHandler
        {
            MaxConnectionsPerServer = connections,
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            ConnectTimeout = TimeSpan.FromSeconds(10),
            UseProxy = false,
        };
        _http = new HttpClient(handler) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(3) };
        if (!string.IsNullOrEmpty(token))
        {
            _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
    }

    /// <summary>
    /// Registers a chain of <paramref name="steps"/> steps of the given type under <paramref name="name"/>: transform
    /// steps add 1 to the previous output, delay steps wait <paramref name="delay"/>, http steps GET <paramref name="httpUrl"/>.
    /// </summary>
    public async Task<string> PutChainDefinitionAsync(string name, int steps, string stepType, string delay, Uri? httpUrl, CancellationToken cancellationToken)
    {
        var list = new JsonArray();
        for (var k = 1; k <= steps; k++)
        {
            var step = new JsonObject { ["id"] = $"s{k}", ["type"] = stepType };
            if (k > 1)
            {
                step["dependsOn"] = new JsonArray($"s{k - 1}");
            }

            step["with"] = stepType switch
            {
                "delay" => new JsonObject { ["duration"] = delay },
                "http" => new JsonObject { ["url"] = (httpUrl ?? throw new ArgumentNullException(nameof(httpUrl))).ToString() },
                "agent" => new JsonObject { ["capability"] = BenchAgents.Capability, ["input"] = new JsonObject { ["step"] = k } },
                _ => new JsonObject { ["value"] = k == 1 ? "{{ input.n | plus: 1 }}" : $"{{{{ steps.s{k - 1}.output | plus: 1 }}}}" },
            };
            list.Add(step);
        }

        var body = new JsonObject { ["description"] = $"Bench: a chain of {steps} {stepType} steps", ["steps"] = list };
        using var content = new StringContent(body.ToJsonString(), Encoding.UTF8, Json);
        using var response = await _http.PutAsync($"api/v1/definitions/{name}", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"PUT definition {name} answered {(int)response.StatusCode}: {text}");
        }

        return text;
    }

    /// <summary>Starts a workflow; returns its status from the 201 answer.</summary>
    public async Task<string> StartAsync(string definition, string workflowId, int n, CancellationToken cancellationToken)
    {
        using var content = StartBody(definition, workflowId, n);
        using var response = await _http.PostAsync("api/v1/workflows", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"start answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var doc = JsonDocument.Parse(text);
        return doc.RootElement.GetProperty("status").GetString() ?? "?";
    }

    /// <summary>Starts a workflow and waits for it in the same request (<c>?wait=</c>); returns the workflow from the answer.</summary>
    public async Task<WorkflowView> StartAndWaitAsync(string definition, string workflowId, int n, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var content = StartBody(definition, workflowId, n);
        using var response = await _http.PostAsync($"api/v1/workflows?wait={(int)wait.TotalSeconds}s", content, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (response.StatusCode != HttpStatusCode.Created)
        {
            throw new InvalidOperationException($"start?wait answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var doc = JsonDocument.Parse(text);
        var workflow = doc.RootElement.GetProperty("workflow");
        return new WorkflowView(
            workflow.GetProperty("status").GetString() ?? "?",
            ReadTime(workflow, "createdAt"),
            ReadTime(workflow, "completedAt"));
    }

    /// <summary>Reads a workflow, long-polling up to <paramref name="wait"/> until it is final.</summary>
    public async Task<WorkflowView> GetAsync(string workflowId, TimeSpan wait, CancellationToken cancellationToken)
    {
        var query = wait > TimeSpan.Zero ? $"?wait={(int)wait.TotalSeconds}s" : string.Empty;
        using var response = await _http.GetAsync($"api/v1/workflows/{workflowId}{query}", cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"GET workflow answered {(int)response.StatusCode}: {Shorten(text)}");
        }

        using var doc = JsonDocument.Parse(text);
        var root = doc.RootElement;
        return new WorkflowView(
            root.GetProperty("status").GetString() ?? "?",
            ReadTime(root, "createdAt"),
            ReadTime(root, "completedAt"));
    }

    public void Dispose() => _http.Dispose();

    private static StringContent StartBody(string definition, string workflowId, int n) =>
        new($$$"""{"definition":"{{{definition}}}","workflowId":"{{{workflowId}}}","input":{"n":{{{n.ToString(CultureInfo.InvariantCulture)}}}}}""", Encoding.UTF8, Json);

    private static DateTimeOffset? ReadTime(JsonElement root, string name) =>
        root.TryGetProperty(name, out var p) && p.ValueKind == JsonValueKind.String ? p.GetDateTimeOffset() : null;

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
