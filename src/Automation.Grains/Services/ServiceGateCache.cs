using System.Collections.Concurrent;
using Automation.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Services;

/// <summary>
/// The silo's copy of every service's gate, and the outcomes of <c>http</c> step calls waiting to be reported. An http
/// step reads the copy and never waits: when the copy is older than <see cref="RefreshInterval"/>, the read starts a
/// refresh from the gate board in the background (one at a time; the board only transfers a table when its version
/// moved) and answers the current copy, so a slow or unreachable board never holds up a step. The loop also refreshes
/// every second and reports the recorded outcomes per service to the service grains, whose answers replace that
/// service's gate in the copy at once (a new copy is built then, not on each read). So a step costs no grain call of
/// its own: the silo makes at most one board read a second plus one report a second per service it called.
/// </summary>
internal sealed partial class ServiceGateCache(IGrainFactory grains, TimeProvider time, ILogger<ServiceGateCache> logger) : BackgroundService
{
    /// <summary>How old the copy may be before a read starts a refresh.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly ConcurrentDictionary<string, (int Successes, int Failures)> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _trials = new(StringComparer.Ordinal);
    private readonly Lock _viewLock = new();
    private readonly Dictionary<string, ServiceGate> _overrides = new(StringComparer.Ordinal);
    private ServiceGateTable _table = new(-1, new Dictionary<string, ServiceGate>(StringComparer.Ordinal));
    private volatile IReadOnlyDictionary<string, ServiceGate> _view = new Dictionary<string, ServiceGate>(StringComparer.Ordinal);
    private long _refreshedAt;

    /// <summary>The gates as this silo knows them now; starts a background refresh when the copy is stale.</summary>
    /// <returns>The gates by service name (an immutable snapshot).</returns>
    public IReadOnlyDictionary<string, ServiceGate> Gates()
    {
        if (IsStale && _refresh.Wait(0))
        {
            // Off the caller (a grain's turn): the read answers the current copy at once.
            _ = Task.Run(RefreshHeldAsync);
        }

        return _view;
    }

    /// <summary>Takes the silo's one half-open trial call for a service; false when another is in flight.</summary>
    /// <param name="service">The service.</param>
    /// <returns>Whether this call is the trial.</returns>
    public bool TryTakeTrial(string service) => _trials.TryAdd(service, 0);

    /// <summary>Ends the trial call taken with <see cref="TryTakeTrial"/>.</summary>
    /// <param name="service">The service.</param>
    public void ReleaseTrial(string service) => _trials.TryRemove(service, out _);

    /// <summary>Records a call's outcome for the next report.</summary>
    /// <param name="service">The service.</param>
    /// <param name="success">Whether the service answered.</param>
    public void Record(string service, bool success) =>
        _pending.AddOrUpdate(service, _ => success ? (1, 0) : (0, 1), (_, c) => success ? (c.Successes + 1, c.Failures) : (c.Successes, c.Failures + 1));

    /// <summary>Reports the recorded outcomes now (the loop does it every second).</summary>
    /// <param name="cancellationToken">Stops the reports.</param>
    /// <returns>A task.</returns>
    public async Task ReportAsync(CancellationToken cancellationToken)
    {
        foreach (var service in _pending.Keys)
        {
            if (cancellationToken.IsCancellationRequested || !_pending.TryRemove(service, out var counts))
            {
                continue;
            }

            try
            {
                var gate = await grains.GetGrain<IServiceGrain>(service).ReportCallsAsync(new ServiceCallCounts(counts.Successes, counts.Failures));
                if (gate is not null)
                {
                    // The service's answer is newer than the board copy until the board has it too.
                    Override(gate);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Best effort: the counts of one second are dropped (the breaker is a statistic, not a ledger).
                LogReportFailed(ex, service);
            }
        }
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1), time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (IsStale && await _refresh.WaitAsync(0, stoppingToken))
                {
                    await RefreshHeldAsync();
                }

                await ReportAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private bool IsStale => time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) >= RefreshInterval;

    /// <summary>Reads the board (the caller holds <see cref="_refresh"/>, released here).</summary>
    private async Task RefreshHeldAsync()
    {
        try
        {
            if (await grains.GetGrain<IServiceGateBoardGrain>(IServiceGateBoardGrain.Key).GetAsync(Volatile.Read(ref _table).Version) is { } table)
            {
                lock (_viewLock)
                {
                    _table = table;
                    _overrides.Clear();
                    _view = table.Gates;
                }
            }
        }
        catch (Exception ex)
        {
            // Keep the previous copy: a step whose service is unknown here calls as usual.
            LogRefreshFailed(ex);
        }
        finally
        {
            Interlocked.Exchange(ref _refreshedAt, time.GetTimestamp());
            _refresh.Release();
        }
    }

    /// <summary>Replaces one service's gate: copy on write, so reads share one snapshot until the next change.</summary>
    private void Override(ServiceGate gate)
    {
        lock (_viewLock)
        {
            _overrides[gate.Name] = gate;
            var merged = new Dictionary<string, ServiceGate>(_table.Gates, StringComparer.Ordinal);
            foreach (var (name, g) in _overrides)
            {
                merged[name] = g;
            }

            _view = merged;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting http step outcomes to service {Service} failed")]
    private partial void LogReportFailed(Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the service gate board failed; keeping the previous copy")]
    private partial void LogRefreshFailed(Exception exception);
}
