using System.Diagnostics;
using System.Text.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Structured logs and run-time log levels (issue 13): with <c>Logging__Console__FormatterName=json</c> both processes
/// write one JSON object a line (timestamp, level, category, message, scopes); a line logged while serving a request
/// carries that request's trace id; a level changed through the API reaches the silo without a restart.
/// </summary>
[Trait("Category", "Integration")]
public sealed class StructuredLogsTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly Dictionary<string, string> Json = new() { ["Logging__Console__FormatterName"] = "json" };
    private ProcessCluster _cluster = null!;

    public async Task InitializeAsync() => _cluster = await ProcessCluster.CreateAsync("logs", output);

    public async Task DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task JsonLogs_LevelChangedThroughTheApi_ReachesTheSilo_AndTheRequestLineCarriesItsTraceId()
    {
        var silo = await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30), Json);
        using var http = await _cluster.StartApiAsync(Json);
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var put = new HttpRequestMessage(HttpMethod.Put, "/api/v1/system/log-levels/Automation.Grains") { Content = ProcessCluster.Json("""{ "level": "Debug" }""") };
        put.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var response = await http.SendAsync(put);
        var version = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("version").GetInt64();
        var applied = await WaitForLineAsync(silo, l => Category(l) == "Automation.Postgres.Diagnostics.LogLevelSync"
            && l.RootElement.GetProperty("Message").GetString()!.Contains($"version {version} ", StringComparison.Ordinal));

        response.IsSuccessStatusCode.Should().BeTrue();
        applied.Should().NotBeNull("the silo applies the change within seconds, without a restart:\n" + silo.Tail());
        var apiLines = Lines(_cluster.Processes.Single(p => p.LogPath.Contains("Automation.Api", StringComparison.Ordinal)));
        var changed = apiLines.Should().ContainSingle(l => Category(l) == "Automation.Api.Apis.SystemApi").Subject;
        changed.RootElement.GetProperty("Scopes").EnumerateArray().Select(TraceIdOf).Should()
            .Contain(traceId, "a line logged while serving a request carries its trace id");
        foreach (var line in Lines(silo).Concat(apiLines))
        {
            foreach (var field in new[] { "Timestamp", "LogLevel", "Category", "Message" })
            {
                line.RootElement.TryGetProperty(field, out _).Should().BeTrue($"every line has {field}: {line.RootElement.GetRawText()}");
            }
        }
    }

    private static string? TraceIdOf(JsonElement scope) =>
        scope.ValueKind == JsonValueKind.Object && scope.TryGetProperty("TraceId", out var id) ? id.GetString() : null;

    private static string? Category(JsonDocument line) => line.RootElement.TryGetProperty("Category", out var c) ? c.GetString() : null;

    /// <summary>Every line of the process's log, each of which must be one JSON object.</summary>
    private static List<JsonDocument> Lines(ServiceProcess process) =>
        process.ReadLog().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(l =>
            {
                try
                {
                    return JsonDocument.Parse(l);
                }
                catch (JsonException)
                {
                    throw new InvalidOperationException($"Not a JSON log line in {process.LogPath}: {l}");
                }
            })
            .ToList();

    private static async Task<JsonDocument?> WaitForLineAsync(ServiceProcess process, Func<JsonDocument, bool> match)
    {
        for (var attempt = 0; attempt < 60; attempt++)
        {
            var found = Lines(process).FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            await Task.Delay(500);
        }

        return null;
    }
}
