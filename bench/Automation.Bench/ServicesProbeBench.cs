using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using Npgsql;

namespace Automation.Bench;

/// <summary>
/// <c>services</c> mode: registers N monitored services (http probes of a no-op endpoint this process hosts) through
/// the API, lets them probe for a warm-up then a measured window, and reads the silo's own timestamps from
/// <c>automation_service_probes</c>: scheduling overhead (due → started) and probe latency, p50/p99. Then deletes them.
/// Arguments: <c>--api URL --pg CONNECTION [--count 1000] [--interval 5s] [--warmup 30] [--measure 60]</c> (interval in whole seconds, windows in seconds).
/// </summary>
internal static class ServicesProbeBench
{
    public static async Task<int> RunAsync(string[] args, CancellationToken cancellationToken)
    {
        var api = new Uri(Arg(args, "--api") ?? "http://127.0.0.1:5000");
        var pg = Arg(args, "--pg") ?? throw new ArgumentException("--pg is required");
        CpuSampler.Database = new NpgsqlConnectionStringBuilder(pg).Database ?? CpuSampler.Database;
        var count = int.Parse(Arg(args, "--count") ?? "1000", CultureInfo.InvariantCulture);
        var interval = Arg(args, "--interval") ?? "5s";
        var warmup = TimeSpan.FromSeconds(int.Parse(Arg(args, "--warmup") ?? "30", CultureInfo.InvariantCulture));
        var measure = TimeSpan.FromSeconds(int.Parse(Arg(args, "--measure") ?? "60", CultureInfo.InvariantCulture));
        var prefix = "bench-svc-" + Guid.NewGuid().ToString("N")[..6] + "-";

        await using var noop = await NoopEndpoint.StartAsync(cancellationToken);
        using var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 32, UseProxy = false }) { BaseAddress = api, Timeout = TimeSpan.FromMinutes(1) };
        if (Environment.GetEnvironmentVariable("BENCH_TOKEN") is { Length: > 0 } token)
        {
            http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        Console.Error.WriteLine($"registering {count} services ({interval} http probes of {noop.Url}) at {api}");
        var registerWatch = System.Diagnostics.Stopwatch.StartNew();
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            var body = $$"""{ "owner": "bench", "tags": ["bench"], "probe": { "type": "http", "url": "{{noop.Url}}", "interval": "{{interval}}", "timeout": "2s" } }""";
            using var response = await http.PutAsync($"/api/v1/services/{prefix}{i:D4}", new StringContent(body, Encoding.UTF8, "application/json"), ct);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"PUT service {i}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}");
            }
        });
        Console.Error.WriteLine($"registered in {registerWatch.Elapsed.TotalSeconds:0.0} s; warm-up {warmup.TotalSeconds} s, then {measure.TotalSeconds} s measured");
        await Task.Delay(warmup, cancellationToken);
        var from = DateTimeOffset.UtcNow;
        var cpuBefore = CpuSampler.Read();
        await Task.Delay(measure, cancellationToken);
        var to = DateTimeOffset.UtcNow;
        var cpuAfter = CpuSampler.Read();
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken); // the silo writes its buffer every 2 s

        var overhead = new List<double>();
        var latency = new List<double>();
        var failures = 0;
        await using (var connection = new NpgsqlConnection(pg))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = new NpgsqlCommand(
                "SELECT extract(epoch FROM started_at - scheduled_at) * 1000, latency_ms, passed FROM automation_service_probes WHERE service LIKE @p AND started_at >= @from AND started_at < @to",
                connection);
            command.Parameters.AddWithValue("p", prefix + "%");
            command.Parameters.AddWithValue("from", from.UtcDateTime);
            command.Parameters.AddWithValue("to", to.UtcDateTime);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                overhead.Add(Convert.ToDouble(reader.GetValue(0), CultureInfo.InvariantCulture));
                latency.Add(reader.GetDouble(1));
                failures += reader.GetBoolean(2) ? 0 : 1;
            }
        }

        var o = LatencySummary.From(overhead);
        var l = LatencySummary.From(latency);
        var expected = count * measure.TotalSeconds / double.Parse(interval.TrimEnd('s'), CultureInfo.InvariantCulture);
        Console.WriteLine($"services {count}, interval {interval}, measured {measure.TotalSeconds:0} s from {from:O}");
        Console.WriteLine($"probes {o.Count} ({o.Count / measure.TotalSeconds:0.0}/s; {100.0 * o.Count / expected:0.0}% of the {expected:0} due), failed {failures}, endpoint answered {noop.Requests}");
        Console.WriteLine($"scheduling overhead (due -> started) ms: p50 {o.P50:0.00}  p95 {o.P95:0.00}  p99 {o.P99:0.00}  max {o.Max:0.00}");
        Console.WriteLine($"probe latency ms:                      p50 {l.P50:0.00}  p95 {l.P95:0.00}  p99 {l.P99:0.00}  max {l.Max:0.00}");
        if (CpuUsage.Between(cpuBefore, cpuAfter, measure.TotalSeconds) is { } cpu)
        {
            var parts = string.Join(", ", cpu.ComponentSeconds.Select(c => $"{c.Key} {100 * c.Value / (cpu.Seconds * cpu.Cores):0.0}%"));
            Console.WriteLine($"cpu (share of {cpu.Cores} cores): machine {100 * cpu.MachineBusyShare:0.0}%: {parts}");
        }

        Console.Error.WriteLine("deleting the services");
        await Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = 16, CancellationToken = cancellationToken }, async (i, ct) =>
        {
            using var response = await http.DeleteAsync($"/api/v1/services/{prefix}{i:D4}", ct);
        });
        return failures == 0 && o.Count > 0 ? 0 : 1;
    }

    private static string? Arg(string[] args, string name)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : null;
    }
}
