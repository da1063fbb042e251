using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Automation.Testing;
using Xunit.Abstractions;

namespace Automation.System.Tests;

/// <summary>
/// Distributed tracing (issue 13): a request to the API carrying a W3C <c>traceparent</c> starts a workflow whose http
/// step calls a service; that service receives the same trace in <c>traceparent</c>, and the spans both processes
/// export over OTLP (to an in-test receiver) form one trace: the API's request span, the grain calls in the silo, the
/// step's span tagged with the workflow and step ids, and its outgoing HTTP call.
/// </summary>
[Trait("Category", "Integration")]
public sealed class TracingTests(ITestOutputHelper output) : IAsyncLifetime
{
    private ProcessCluster _cluster = null!;
    private TraceCollector _collector = null!;

    public async Task InitializeAsync()
    {
        _cluster = await ProcessCluster.CreateAsync("tracing", output);
        _collector = await TraceCollector.StartAsync();
    }

    public async Task DisposeAsync()
    {
        await _cluster.DisposeAsync();
        await _collector.DisposeAsync();
    }

    [Fact]
    public async Task StartWithTraceParent_HttpStep_OneTraceSpansApiSiloAndTheCalledService()
    {
        var otlp = new Dictionary<string, string>
        {
            ["Automation__Telemetry__OtlpEndpoint"] = _collector.BaseUrl + "/v1/traces",
            ["Automation__Telemetry__OtlpProtocol"] = "http/protobuf",
            ["OTEL_BSP_SCHEDULE_DELAY"] = "200", // export every 200 ms instead of 5 s
        };
        await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30), otlp);
        using var http = await _cluster.StartApiAsync(otlp);
        var put = await http.PutAsync("/api/v1/definitions/traced", ProcessCluster.Json(
            $$"""{ "steps": [ { "id": "call", "type": "http", "with": { "url": "{{_collector.BaseUrl}}/call" } } ] }"""));
        put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync());
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var start = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workflows") { Content = JsonContent.Create(new { definition = "traced", workflowId = "traced-1" }) };
        start.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        var started = await http.SendAsync(start);
        var workflow = await _cluster.GetWithRetryAsync(http, "/api/v1/workflows/traced-1?wait=60s");
        var spans = await _collector.WaitForAsync(s => HasWholeTrace(s, traceId), TimeSpan.FromSeconds(60));

        started.StatusCode.Should().Be(HttpStatusCode.Created, await started.Content.ReadAsStringAsync());
        workflow.GetProperty("status").GetString().Should().Be("Completed", workflow.GetRawText());
        _collector.TraceParents.Should().ContainSingle().Which.Should().StartWith($"00-{traceId}-", "the called service receives the caller's trace");
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        output.WriteLine(string.Join("\n", trace.Select(s => $"{s.Service} {s.Scope} '{s.Name}' {s.SpanId} <- {s.ParentSpanId}")));
        trace.Should().Contain(s => s.Service == "automation-api" && s.Scope == "Microsoft.AspNetCore", "the API's request span");
        trace.Should().Contain(s => s.Service == "automation-api" && s.Scope == "Microsoft.Orleans.Application", "the API's grain call");
        trace.Should().Contain(s => s.Service == "automation-silo" && s.Scope == "Microsoft.Orleans.Application", "the silo's side of grain calls");
        var step = trace.Should().ContainSingle(s => s.Service == "automation-silo" && s.Name == "step http").Subject;
        step.Attributes.Should().Contain("automation.workflow.id", "traced-1").And.Contain("automation.step.id", "call").And.Contain("automation.step.attempt", "1");
        var call = trace.Should().ContainSingle(s => s.Service == "automation-silo" && s.Scope == "System.Net.Http").Subject;
        call.ParentSpanId.Should().Be(step.SpanId, "the step's outgoing request is a child of the step's span");
        _collector.TraceParents.Single().Should().Contain(call.SpanId, "the called service's parent is the outgoing request's span");
    }

    [Fact]
    public async Task NoExporter_TraceContextStillReachesTheCalledService_WithTheCallersSampledFlag()
    {
        // The default: tracing on, nothing exported. Spans are not recorded (a parent-based, otherwise-off sampler),
        // but the context still flows: a caller's sampled trace reaches the called service, and a request without
        // one still gets a trace id of its own that the steps carry.
        await _cluster.StartSiloAsync(TimeSpan.FromSeconds(30));
        using var http = await _cluster.StartApiAsync();
        var put = await http.PutAsync("/api/v1/definitions/propagated", ProcessCluster.Json(
            $$"""{ "steps": [ { "id": "call", "type": "http", "with": { "url": "{{_collector.BaseUrl}}/call" } } ] }"""));
        put.IsSuccessStatusCode.Should().BeTrue(await put.Content.ReadAsStringAsync());
        var traceId = ActivityTraceId.CreateRandom().ToHexString();
        using var sampled = new HttpRequestMessage(HttpMethod.Post, "/api/v1/workflows") { Content = JsonContent.Create(new { definition = "propagated", workflowId = "propagated-1" }) };
        sampled.Headers.TryAddWithoutValidation("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom().ToHexString()}-01");

        (await http.SendAsync(sampled)).StatusCode.Should().Be(HttpStatusCode.Created);
        var first = await _cluster.GetWithRetryAsync(http, "/api/v1/workflows/propagated-1?wait=60s");
        (await http.PostAsync("/api/v1/workflows", JsonContent.Create(new { definition = "propagated", workflowId = "propagated-2" }))).StatusCode.Should().Be(HttpStatusCode.Created);
        var second = await _cluster.GetWithRetryAsync(http, "/api/v1/workflows/propagated-2?wait=60s");

        first.GetProperty("status").GetString().Should().Be("Completed", first.GetRawText());
        second.GetProperty("status").GetString().Should().Be("Completed", second.GetRawText());
        _collector.TraceParents.Should().HaveCount(2);
        _collector.TraceParents.Should().Contain(p => p.StartsWith($"00-{traceId}-", StringComparison.Ordinal) && p.EndsWith("-01", StringComparison.Ordinal),
            "the caller's sampled trace continues to the called service");
        _collector.TraceParents.Should().Contain(p => !p.Contains(traceId, StringComparison.Ordinal) && p.EndsWith("-00", StringComparison.Ordinal),
            "a request without a trace gets its own trace id, not sampled");
    }

    [Theory]
    [InlineData("Automation.Api", "not a uri")]
    [InlineData("Automation.Silo", "ftp://collector:4317")]
    public async Task MalformedOtlpEndpoint_HostRefusesToStart_NamingTheSetting(string project, string endpoint)
    {
        var start = new ProcessStartInfo("dotnet") { ArgumentList = { ServiceProcess.ProjectDll(project) }, RedirectStandardOutput = true, RedirectStandardError = true };
        start.WorkingDirectory = Path.GetDirectoryName(start.ArgumentList[0])!;
        foreach (var (key, value) in TestAuth.ApiEnvironment)
        {
            start.Environment[key] = value; // everything else is valid: only the endpoint can stop the start
        }

        start.Environment["Automation__Telemetry__OtlpEndpoint"] = endpoint;
        start.Environment["Automation__Postgres__ConnectionString"] = "Host=127.0.0.1;Port=1;Database=none";
        start.Environment["urls"] = "http://127.0.0.1:" + TestSilo.FreePort().ToString(global::System.Globalization.CultureInfo.InvariantCulture);
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();

        using var guard = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        await process.WaitForExitAsync(guard.Token);

        process.ExitCode.Should().NotBe(0);
        (await stdout + await stderr).Should().Contain("Automation:Telemetry:OtlpEndpoint must be an absolute http or https URI");
    }

    private static bool HasWholeTrace(IReadOnlyList<OtlpSpan> spans, string traceId)
    {
        var trace = spans.Where(s => s.TraceId == traceId).ToList();
        return trace.Any(s => s.Service == "automation-api" && s.Scope == "Microsoft.AspNetCore")
            && trace.Any(s => s.Service == "automation-silo" && s.Name == "step http")
            && trace.Any(s => s.Service == "automation-silo" && s.Scope == "System.Net.Http");
    }
}
