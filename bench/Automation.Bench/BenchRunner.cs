using System.Diagnostics;
using System.Threading.Channels;

namespace Automation.Bench;

/// <summary>Runs the warm-up and the measured phases against a running system.</summary>
internal sealed class BenchRunner(BenchOptions options, BenchApiClient client, PgStats? pg, TextWriter log, OrleansStarter? starter = null)
{
    private readonly string _runId = DateTimeOffset.UtcNow.ToString("yyyyMMdd'T'HHmmss", System.Globalization.CultureInfo.InvariantCulture);

    private PgSnapshot? _settled;

    public async Task WarmUpAsync(CancellationToken cancellationToken)
    {
        if (options.Warmup <= 0)
        {
            return;
        }

        _settled = null; // anything measured before the warm-up no longer applies
        log.WriteLine($"warm-up: {options.Warmup} workflows (not counted)");
        var records = NewRecords("warmup", options.Warmup);
        await RunBurstCoreAsync(records, Math.Min(options.Concurrency, 16), cancellationToken);
        var failed = records.Count(r => !r.Completed);
        if (failed > 0)
        {
            log.WriteLine($"warm-up: {failed} workflows did not complete; first problem: {records.First(r => !r.Completed).Error ?? "status " + records.First(r => !r.Completed).Status}");
        }
    }

    /// <summary>Starts every workflow as fast as <c>--concurrency</c> callers can, long-polling those not already final.</summary>
    public Task<PhaseResult> RunBurstAsync(CancellationToken cancellationToken) =>
        MeasureAsync("burst", options.Workflows, options.Concurrency, records => RunBurstCoreAsync(records, options.Concurrency, cancellationToken), cancellationToken);

    /// <summary>
    /// The system half of a paired round: a burst of <c>--workflows</c> counted for its client-side completions per
    /// second only (no pg_stat readings, no CPU). The next phase reads pg_stat afresh.
    /// </summary>
    public async Task<(double PerSecond, int Incomplete)> RunBurstRoundAsync(int round, CancellationToken cancellationToken)
    {
        _settled = null; // the round wrote: the reading after the burst is no longer the one before the next phase
        var records = NewRecords($"round{round}", options.Workflows);
        var started = Stopwatch.GetTimestamp();
        await RunBurstCoreAsync(records, options.Concurrency, cancellationToken);
        var wall = Stopwatch.GetElapsedTime(started).TotalSeconds;
        var completed = records.Count(r => r.Completed);
        if (completed < records.Length)
        {
            log.WriteLine($"paired round {round}: {records.Length - completed} workflows did not complete");
        }

        return (completed / Math.Max(wall, 1e-9), records.Length - completed);
    }

    /// <summary>One workflow at a time: start, wait for its completion, next.</summary>
    public Task<PhaseResult> RunSequentialAsync(CancellationToken cancellationToken) =>
        MeasureAsync("sequential", options.SequentialCount, 1, records => RunSequentialCoreAsync(records, cancellationToken), cancellationToken);

    /// <summary>One workflow at a time, one request each: <c>POST /api/v1/workflows?wait=</c> answers once it is final.</summary>
    public Task<PhaseResult> RunSequentialStartWaitAsync(CancellationToken cancellationToken) =>
        MeasureAsync("sequential-wait", options.SequentialCount, 1, records => RunSequentialStartWaitCoreAsync(records, cancellationToken), cancellationToken);

    private async Task<PhaseResult> MeasureAsync(string mode, int count, int concurrency, Func<WorkflowRecord[], Task> run, CancellationToken cancellationToken)
    {
        var records = NewRecords(mode, count);

        // The settled reading after one phase is the reading before the next (nothing runs in between): each
        // settled reading waits 11 s or more, so sharing it keeps the whole bench run short.
        var before = pg is null ? null : _settled ?? await pg.ReadSettledAsync(cancellationToken);
        log.WriteLine($"{mode}: {count} workflows, {concurrency} concurrent caller(s)...");
        var cpuBefore = CpuSampler.Read();
        var started = Stopwatch.GetTimestamp();
        await run(records);
        var cpuAfter = CpuSampler.Read();
        var cpuSeconds = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var after = pg is null ? null : await pg.ReadSettledAsync(cancellationToken);

        // Workflows already final in the start answer have not been read yet: read them now, outside the timing and
        // after the pg_stat reading. A finished workflow leaves memory Automation:Engine:FinishedLinger (10 s) after
        // it finished, and the settled reading takes longer, so such a read loads it from PostgreSQL: its transaction
        // belongs to no phase.
        var unread = records.Where(r => !r.HasServerTimes && r.Error is null).ToArray();
        await ForEachAsync(unread, concurrency: Math.Max(concurrency, 8), async r =>
        {
            try
            {
                Apply(r, await client.GetAsync(r.WorkflowId, TimeSpan.Zero, cancellationToken));
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException)
            {
                r.Error = ex.Message;
            }
        });

        _settled = unread.Length == 0 ? after : null; // after reads, the next phase takes its own reading
        var result = Summarize(mode, records, concurrency) with
        {
            Writes = before is null || after is null ? null : DurableWrites.Between(before, after, records.Count(r => r.Completed), options.Steps),
            Cpu = CpuUsage.Between(cpuBefore, cpuAfter, cpuSeconds),
        };
        log.WriteLine($"{mode}: {result.Completed}/{result.Workflows} completed in {result.WallSeconds:F2} s");
        return result;
    }

    private async Task RunBurstCoreAsync(WorkflowRecord[] records, int concurrency, CancellationToken cancellationToken)
    {
        var running = Channel.CreateUnbounded<WorkflowRecord>();
        var next = -1;
        var starters = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < records.Length)
            {
                var r = records[i];
                if (await StartAsync(r, i, cancellationToken) is false)
                {
                    running.Writer.TryWrite(r);
                }
            }
        }, cancellationToken)).ToArray();

        // As many long-pollers as starters, so a completion is seen soon after it happens (they queue when many run).
        var waiters = Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            await foreach (var r in running.Reader.ReadAllAsync(cancellationToken))
            {
                await WaitAsync(r, cancellationToken);
            }
        }, cancellationToken)).ToArray();

        await Task.WhenAll(starters);
        running.Writer.Complete();
        await Task.WhenAll(waiters);
    }

    private async Task RunSequentialCoreAsync(WorkflowRecord[] records, CancellationToken cancellationToken)
    {
        for (var i = 0; i < records.Length; i++)
        {
            if (await StartAsync(records[i], i, cancellationToken) is false)
            {
                await WaitAsync(records[i], cancellationToken);
            }
        }
    }

    private async Task RunSequentialStartWaitCoreAsync(WorkflowRecord[] records, CancellationToken cancellationToken)
    {
        for (var i = 0; i < records.Length; i++)
        {
            var r = records[i];
            r.PostedAt = Stopwatch.GetTimestamp();
            try
            {
                var view = await client.StartAndWaitAsync(options.DefinitionName, r.WorkflowId, i, options.Wait, cancellationToken);
                r.StartAnsweredAt = r.ObservedAt = Stopwatch.GetTimestamp();
                Apply(r, view);
                if (!view.IsTerminal)
                {
                    await WaitAsync(r, cancellationToken); // the wait ended first: long-poll as a client would
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or System.Text.Json.JsonException)
            {
                r.StartAnsweredAt = Stopwatch.GetTimestamp();
                r.Error = "start?wait: " + ex.Message;
            }
        }
    }

    /// <summary>Starts one workflow. Returns true when it is already final, false when it is running, null on error.</summary>
    private async Task<bool?> StartAsync(WorkflowRecord r, int n, CancellationToken cancellationToken)
    {
        r.PostedAt = Stopwatch.GetTimestamp();
        try
        {
            var status = starter is null
                ? await client.StartAsync(options.DefinitionName, r.WorkflowId, n, cancellationToken)
                : await starter.StartAsync(options.DefinitionName, r.WorkflowId, n, cancellationToken);
            r.StartAnsweredAt = Stopwatch.GetTimestamp();
            r.Status = status;
            if (status != "Running")
            {
                r.ObservedAt = r.StartAnsweredAt;
                return true;
            }

            return false;
        }
        catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or System.Text.Json.JsonException)
        {
            r.StartAnsweredAt = Stopwatch.GetTimestamp();
            r.Error = "start: " + ex.Message;
            return null;
        }
    }

    private async Task WaitAsync(WorkflowRecord r, CancellationToken cancellationToken)
    {
        // A few long-polls at most: a workflow still running after them counts as not completed.
        for (var attempt = 0; attempt < 3; attempt++)
        {
            try
            {
                var view = await client.GetAsync(r.WorkflowId, options.Wait, cancellationToken);
                Apply(r, view);
                if (view.IsTerminal)
                {
                    r.ObservedAt = Stopwatch.GetTimestamp();
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or InvalidOperationException or TaskCanceledException or System.Text.Json.JsonException)
            {
                r.Error = "wait: " + ex.Message;
                return;
            }
        }

        r.Error = $"still {r.Status} after {3 * options.Wait.TotalSeconds:F0} s of waiting";
    }

    private static void Apply(WorkflowRecord r, WorkflowView view)
    {
        r.Status = view.Status;
        r.CreatedAt = view.CreatedAt;
        r.CompletedAt = view.CompletedAt;
    }

    private WorkflowRecord[] NewRecords(string phase, int count) =>
        Enumerable.Range(0, count).Select(i => new WorkflowRecord($"bench-{_runId}-{options.StepType}-{phase}-{i}")).ToArray();

    private static async Task ForEachAsync<T>(IReadOnlyList<T> items, int concurrency, Func<T, Task> body)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Math.Min(concurrency, Math.Max(items.Count, 1))).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < items.Count)
            {
                await body(items[i]);
            }
        })));
    }

    private static PhaseResult Summarize(string mode, WorkflowRecord[] records, int concurrency)
    {
        static double Ms(long from, long to) => Stopwatch.GetElapsedTime(from, to).TotalMilliseconds;

        var completed = records.Where(r => r.Completed && r.ObservedAt != 0).ToArray();
        var first = records.Min(r => r.PostedAt);
        var lastStart = records.Max(r => r.StartAnsweredAt);
        var lastSeen = records.Max(r => Math.Max(r.ObservedAt, r.StartAnsweredAt));
        var wall = Ms(first, lastSeen) / 1000;
        var server = completed.Where(r => r.HasServerTimes).ToArray();
        var serverSpan = server.Length == 0 ? 0 : (server.Max(r => r.CompletedAt!.Value) - server.Min(r => r.CreatedAt!.Value)).TotalSeconds;
        var problems = records.Where(r => !r.Completed)
            .Select(r => $"{r.WorkflowId}: {r.Error ?? "status " + (r.Status ?? "unknown")}")
            .ToArray();

        return new PhaseResult
        {
            Mode = mode,
            Workflows = records.Length,
            Concurrency = concurrency,
            Completed = completed.Length,
            CompletedInStartAnswer = records.Count(r => r.Completed && r.ObservedAt == r.StartAnsweredAt),
            Problems = problems,
            WallSeconds = wall,
            StartsPerSecond = records.Length / Math.Max(Ms(first, lastStart) / 1000, 1e-9),
            CompletionsPerSecondClient = completed.Length / Math.Max(wall, 1e-9),
            CompletionsPerSecondServer = serverSpan > 0 ? server.Length / serverSpan : 0,
            StartCall = LatencySummary.From(records.Where(r => r.Error is null || !r.Error.StartsWith("start:", StringComparison.Ordinal)).Select(r => Ms(r.PostedAt, r.StartAnsweredAt))),
            ClientLatency = LatencySummary.From(completed.Select(r => Ms(r.PostedAt, r.ObservedAt))),
            ServerLatency = LatencySummary.From(server.Select(r => (r.CompletedAt!.Value - r.CreatedAt!.Value).TotalMilliseconds)),
        };
    }
}
