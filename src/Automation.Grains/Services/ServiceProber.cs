using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Automation.Engine.Services;
using Automation.Engine.Steps;
using Automation.Grains.Outbound;
using Automation.Services;
using Automation.Workflows;

namespace Automation.Grains.Services;

/// <summary>
/// Runs one probe on the thread pool, never on a grain's scheduler (it moves there first when called from one; every
/// await here uses <c>ConfigureAwait(false)</c>), with its timeout
/// enforced: http through the pooled <see cref="ClientName"/> client (no redirects followed: a 3xx is the answer), tcp
/// by connecting, workflow by starting one and waiting for Completed. Never throws: every failure is a failed result.
/// </summary>
internal sealed class ServiceProber(IHttpClientFactory httpClients, OutboundConnector connector, IGrainFactory grains, TimeProvider time)
{
    /// <summary>The named <see cref="HttpClient"/> of http probes.</summary>
    public const string ClientName = "automation-service-probe";

    /// <summary>The most of a body read for a body check.</summary>
    internal const int MaxBodyBytes = 256 * 1024;

    /// <summary>Runs the probe.</summary>
    /// <param name="service">The service name (workflow probes are tagged with it).</param>
    /// <param name="probe">The probe.</param>
    /// <param name="scheduledAt">When it was due.</param>
    /// <param name="cancellationToken">Stops it (the service was deleted or deactivated).</param>
    /// <returns>The result.</returns>
    public Task<ProbeResult> ProbeAsync(string service, ProbeSpec probe, DateTimeOffset scheduledAt, CancellationToken cancellationToken) =>
        // Task.Yield would not do: it posts back to TaskScheduler.Current, which inside a grain is the activation's
        // scheduler, so the probe's synchronous parts (DNS, connect, TLS start) would still run in the grain's turn.
        TaskScheduler.Current == TaskScheduler.Default
            ? RunAsync(service, probe, scheduledAt, cancellationToken)
            : Task.Run(() => RunAsync(service, probe, scheduledAt, cancellationToken), CancellationToken.None);

    private async Task<ProbeResult> RunAsync(string service, ProbeSpec probe, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var startedAt = time.GetUtcNow();
        var watch = Stopwatch.StartNew();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(probe.Timeout);
        (bool Passed, string? Detail, int? Status) outcome;
        var timedOut = false;
        try
        {
            outcome = probe.Type switch
            {
                ProbeType.Http => await HttpAsync(probe, timeout.Token).ConfigureAwait(false),
                ProbeType.Tcp => await TcpAsync(probe, timeout.Token).ConfigureAwait(false),
                _ => await WorkflowAsync(service, probe, scheduledAt, timeout.Token).ConfigureAwait(false),
            };
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = (false, $"timed out after {Duration.Format(probe.Timeout)}", null);
            timedOut = true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            // Whatever went wrong (refused, reset, DNS, bad JSON, a workflow grain unreachable) is the probe's failure.
            outcome = (false, Describe(ex), null);
        }

        return new ProbeResult(scheduledAt, startedAt, Math.Round(watch.Elapsed.TotalMilliseconds, 3), outcome.Passed, outcome.Detail) { StatusCode = outcome.Status, TimedOut = timedOut };
    }

    private async Task<(bool, string?, int?)> HttpAsync(ProbeSpec probe, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(new HttpMethod(probe.Method), probe.Url);
        foreach (var (name, headerValue) in probe.Headers)
        {
            if (!request.Headers.TryAddWithoutValidation(name, headerValue))
            {
                request.Content ??= new ByteArrayContent([]);
                request.Content.Headers.TryAddWithoutValidation(name, headerValue);
            }
        }

        var client = httpClients.CreateClient(ClientName);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var status = (int)response.StatusCode;
        if (!Matcher(probe.ExpectStatus).Matches(status))
        {
            return (false, $"HTTP {status}, expected {(probe.ExpectStatus.Count == 0 ? "2xx" : string.Join(", ", probe.ExpectStatus))}", status);
        }

        if (probe.ExpectBody is not { } expect)
        {
            return (true, $"HTTP {status}", status);
        }

        var body = await ReadBodyAsync(response, cancellationToken).ConfigureAwait(false);
        if (expect.Contains is { } substring)
        {
            return body.Contains(substring, StringComparison.Ordinal)
                ? (true, $"HTTP {status}", status)
                : (false, $"HTTP {status}, body does not contain '{substring}'", status);
        }

        using var document = JsonDocument.Parse(body);
        if (!JsonPathValue.TryRead(document.RootElement, expect.Path!, out var value))
        {
            return (false, $"HTTP {status}, body has no value at {expect.Path}", status);
        }

        var text = JsonPathValue.Text(value);
        return text == expect.EqualsValue
            ? (true, $"HTTP {status}", status)
            // Never the value the target answered: a probe must not read data out of whatever it can reach.
            : (false, $"HTTP {status}, {expect.Path} is not '{expect.EqualsValue}'", status);
    }

    private static async Task<string> ReadBodyAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(MaxBodyBytes); // not a large-object allocation per probe
        try
        {
            var read = 0;
            int n;
            while (read < MaxBodyBytes && (n = await stream.ReadAsync(buffer.AsMemory(read, MaxBodyBytes - read), cancellationToken).ConfigureAwait(false)) > 0)
            {
                read += n;
            }

            return Encoding.UTF8.GetString(buffer, 0, read);
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private async Task<(bool, string?, int?)> TcpAsync(ProbeSpec probe, CancellationToken cancellationToken)
    {
        // Through the outbound policy: a refused address fails the probe with the policy's reason.
        using var socket = await connector.ConnectAsync(probe.Host!, probe.Port!.Value, cancellationToken).ConfigureAwait(false);
        return (true, "connected", null);
    }

    private async Task<(bool, string?, int?)> WorkflowAsync(string service, ProbeSpec probe, DateTimeOffset scheduledAt, CancellationToken cancellationToken)
    {
        var marker = "service:" + service;
        var workflowId = ServiceGates.ProbeWorkflowId(service, scheduledAt);
        var grain = grains.GetGrain<IWorkflowGrain>(workflowId);
        var started = await grain.StartAsync(new StartWorkflowCommand(probe.Definition!, null, probe.Input ?? EmptyInput)
        {
            RequestId = workflowId,
            StartedBy = marker,
            Tags = [marker],
        }).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (started.Outcome is not (StartWorkflowOutcome.Started or StartWorkflowOutcome.AlreadyExists))
        {
            return (false, $"workflow {workflowId} did not start: {started.Outcome}", null);
        }

        try
        {
            while (true)
            {
                var snapshot = await grain.WaitForCompletionAsync(TimeSpan.FromSeconds(5)).WaitAsync(cancellationToken).ConfigureAwait(false);
                if (snapshot is null)
                {
                    return (false, $"workflow {workflowId} is gone", null);
                }

                if (!snapshot.Status.IsActive())
                {
                    return snapshot.Status == WorkflowStatus.Completed
                        ? (true, $"workflow {workflowId} completed", null)
                        : (false, $"workflow {workflowId} {snapshot.Status}", null);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // A probe that timed out (or stopped) leaves no workflow running behind it: a stuck definition would
            // otherwise add one more active workflow every interval. Best effort: the probe's outcome does not wait.
            _ = grain.CancelAsync($"The probe of service '{service}' timed out or stopped.")
                .ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            throw;
        }
    }

    private static readonly JsonElement EmptyInput = JsonDocument.Parse("{}").RootElement.Clone();

    private static StatusMatcher Matcher(IReadOnlyList<string> expect)
    {
        if (expect.Count == 0)
        {
            return new StatusMatcher([], [2]);
        }

        var codes = new List<int>();
        var classes = new List<int>();
        foreach (var e in expect)
        {
            if (e.EndsWith("xx", StringComparison.OrdinalIgnoreCase))
            {
                classes.Add(e[0] - '0');
            }
            else
            {
                codes.Add(int.Parse(e, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return new StatusMatcher(codes, classes);
    }

    private static string Describe(Exception ex) => Truncate(ex.GetBaseException().Message);

    private static string Truncate(string text) => text.Length <= 200 ? text : text[..200] + "…";
}
