using System.Collections.Concurrent;
using Automation.Persistence;
using Automation.Workflows;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Recovery;

/// <summary>
/// The fast path of recovery; reminders stay the safety net. Two jobs, both on every silo:
/// <list type="bullet">
/// <item>When membership declares a silo dead (killed, or stopped gracefully) — or a silo joins and grains move — the
/// survivors resume every running
/// workflow at once — each silo the share of the visibility table's running workflows that hashes to it — instead of
/// waiting one or two reminder periods. Resuming re-sends unrecorded attempts, so work that lived on the dead silo (a
/// workflow, or a task running for a workflow elsewhere) and one-way messages dropped during the churn move again.
/// A second sweep follows a few seconds later for messages dropped while the cluster settled.</item>
/// <item>When this silo starts, it resumes its share too: after a restart of the whole cluster nobody sees a death,
/// and a workflow younger than <see cref="Hosting.EngineOptions.ReminderAfter"/> has no reminder yet.</item>
/// <item>A workflow whose write failed (PostgreSQL unreachable) drops its activation; it is retried here every
/// second until it resumes, so it moves again within a second of the database's return.</item>
/// </list>
/// </summary>
internal sealed partial class WorkflowRecovery(
    IClusterMembershipService membership,
    ILocalSiloDetails local,
    IWorkflowIndex index,
    IGrainFactory grains,
    TimeProvider time,
    ILogger<WorkflowRecovery> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private const int MaxRetries = 100_000;
    private const int Parallelism = 16;
    private static readonly TimeSpan RetryPeriod = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan SecondSweepAfter = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<string, byte> _retries = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly List<Task> _loops = [];
    private int _sweepRequested;
    private int _sweeping;

    /// <inheritdoc />
    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(WorkflowRecovery), ServiceLifecycleStage.Active, StartAsync, StopAsync);

    /// <summary>Resumes a workflow whose write failed, again and again until it succeeds.</summary>
    /// <param name="workflowId">The workflow.</param>
    public void RetryLater(string workflowId)
    {
        if (_retries.Count < MaxRetries)
        {
            _retries.TryAdd(workflowId, 0);
        }
    }

    private Task StartAsync(CancellationToken cancellationToken)
    {
        lock (_loops)
        {
            _loops.Add(Task.Run(() => WatchMembershipAsync(_stopping.Token), CancellationToken.None));
            _loops.Add(Task.Run(() => RetryLoopAsync(_stopping.Token), CancellationToken.None));
        }

        return Task.CompletedTask;
    }

    private async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync();
        Task[] loops;
        lock (_loops)
        {
            loops = [.. _loops];
        }

        await Task.WhenAll(loops).WaitAsync(cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
    }

    private async Task WatchMembershipAsync(CancellationToken cancellationToken)
    {
        Dictionary<SiloAddress, SiloStatus>? previous = null;
        var startSwept = false;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var snapshot in membership.MembershipUpdates.WithCancellation(cancellationToken))
                {
                    var current = snapshot.Members.ToDictionary(m => m.Key, m => m.Value.Status);
                    var died = previous is null ? [] : current
                        .Where(m => m.Value == SiloStatus.Dead && previous.TryGetValue(m.Key, out var before) && before != SiloStatus.Dead)
                        .Select(m => m.Key).ToList();
                    var joined = previous is null ? [] : current
                        .Where(m => m.Value == SiloStatus.Active && (!previous.TryGetValue(m.Key, out var before) || before != SiloStatus.Active))
                        .Select(m => m.Key).Where(s => !s.Equals(local.SiloAddress)).ToList();
                    var started = !startSwept && current.TryGetValue(local.SiloAddress, out var mine) && mine == SiloStatus.Active;
                    previous = current;
                    if (started)
                    {
                        startSwept = true;
                        // After a restart of the whole cluster (or of its only silo) nobody sees a death: workflows that
                        // had not yet taken their reminder (EngineOptions.ReminderAfter) are found from the index.
                        LogStartSweep();
                        RequestSweeps(cancellationToken);
                    }
                    else if (died.Count > 0 && !died.Contains(local.SiloAddress))
                    {
                        LogSiloDied(string.Join(", ", died));
                        RequestSweeps(cancellationToken);
                    }
                    else if (joined.Count > 0)
                    {
                        // Grains move while the directory hands over: one-way messages sent meanwhile may be dropped.
                        LogSiloJoined(string.Join(", ", joined));
                        RequestSweeps(cancellationToken);
                    }
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                LogWatchFailed(ex); // subscribe again; the reminders cover the gap
                await Task.Delay(RetryPeriod, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
            }
        }
    }

    /// <summary>Runs two sweeps (now and a few seconds later); requests while one runs are folded into one more run.</summary>
    private void RequestSweeps(CancellationToken cancellationToken)
    {
        Interlocked.Exchange(ref _sweepRequested, 1);
        if (Interlocked.CompareExchange(ref _sweeping, 1, 0) != 0)
        {
            return; // the running sweeper sees the request
        }

        lock (_loops)
        {
            _loops.Add(Task.Run(async () =>
            {
                try
                {
                    while (Interlocked.Exchange(ref _sweepRequested, 0) == 1 && !cancellationToken.IsCancellationRequested)
                    {
                        await SweepOnceAsync(cancellationToken);
                        await Task.Delay(SecondSweepAfter, time, cancellationToken).ContinueWith(_ => { }, TaskScheduler.Default);
                        await SweepOnceAsync(cancellationToken);
                    }
                }
                finally
                {
                    Volatile.Write(ref _sweeping, 0);
                }

                if (Volatile.Read(ref _sweepRequested) == 1)
                {
                    RequestSweeps(cancellationToken); // a request that came in as the loop ended
                }
            }, CancellationToken.None));
        }
    }

    private async Task SweepOnceAsync(CancellationToken cancellationToken)
    {
        try
        {
            await SweepAsync(cancellationToken);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
        catch (Exception ex)
        {
            LogSweepFailed(ex); // the reminders still resume everything
        }
    }

    /// <summary>Resumes this silo's share of the running workflows.</summary>
    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var active = membership.CurrentSnapshot.Members.Where(m => m.Value.Status == SiloStatus.Active).Select(m => m.Key).ToList();
        if (!active.Contains(local.SiloAddress))
        {
            return;
        }

        var started = time.GetTimestamp();
        var resumed = 0;
        // Paused workflows too: their running steps finish and are recorded while paused.
        foreach (var status in (WorkflowStatus[])[WorkflowStatus.Running, WorkflowStatus.Paused])
        {
            string? cursor = null;
            do
            {
                var page = await index.QueryAsync(new WorkflowQuery(status, null, null, null, 1000, cursor), cancellationToken);
                var mine = page.Items.Select(e => e.WorkflowId).Where(id => Owner(id, active) == local.SiloAddress).ToList();
                await Parallel.ForEachAsync(mine, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, _) =>
                {
                    if (!await TryResumeAsync(id))
                    {
                        RetryLater(id);
                    }
                });
                resumed += mine.Count;
                cursor = page.NextCursor;
            }
            while (cursor is not null);
        }

        LogSwept(resumed, time.GetElapsedTime(started).TotalMilliseconds);
    }

    private async Task RetryLoopAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                await Task.Delay(RetryPeriod, time, cancellationToken);
                if (_retries.IsEmpty)
                {
                    continue;
                }

                await Parallel.ForEachAsync(_retries.Keys, new ParallelOptions { MaxDegreeOfParallelism = Parallelism, CancellationToken = cancellationToken }, async (id, token) =>
                {
                    if (await TryResumeAsync(id))
                    {
                        _retries.TryRemove(id, out var removed);
                    }
                });
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    private async Task<bool> TryResumeAsync(string workflowId)
    {
        try
        {
            await grains.GetGrain<IWorkflowGrain>(workflowId).ResumeAsync();
            return true;
        }
        catch (Exception ex)
        {
            LogResumeFailed(ex, workflowId);
            return false;
        }
    }

    /// <summary>Rendezvous hashing: every silo computes the same owner from the same list of active silos.</summary>
    private static SiloAddress Owner(string workflowId, List<SiloAddress> active) =>
        active.MaxBy(silo => StableHash.Of($"{silo.ToParsableString()}|{workflowId}"))!;

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo started: resuming this silo's share of the running workflows")]
    private partial void LogStartSweep();

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo(s) {Silos} declared dead: resuming this silo's share of the running workflows")]
    private partial void LogSiloDied(string silos);

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo(s) {Silos} joined: resuming this silo's share of the running workflows (messages may be dropped while grains move)")]
    private partial void LogSiloJoined(string silos);

    [LoggerMessage(Level = LogLevel.Information, Message = "Resumed {Count} running workflows in {Milliseconds:F0} ms")]
    private partial void LogSwept(int count, double milliseconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching cluster membership failed; subscribing again")]
    private partial void LogWatchFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Resuming running workflows after a silo loss failed; their reminders will resume them")]
    private partial void LogSweepFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Workflow {WorkflowId} could not be resumed yet; retrying")]
    private partial void LogResumeFailed(Exception exception, string workflowId);
}
