using System.Collections.Concurrent;
using Automation.Services;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Services;

/// <summary>
/// The silo's copy of every service's gate, and the outcomes of <c>http</c> step calls waiting to be reported. An http
/// step reads the copy (refreshed from the gate board at most once a <see cref="RefreshInterval"/>, and only
/// transferred when the board's version moved) and records its outcome here; once a second the silo reports the
/// counts per service to the service grains, whose answers update the copy at once. So a step costs no grain call of
/// its own: the silo makes at most one board read a second plus one report a second per service it called.
/// </summary>
internal sealed partial class ServiceGateCache(IGrainFactory grains, TimeProvider time, ILogger<ServiceGateCache> logger) : BackgroundService
{
    /// <summary>How old the copy may be before a step's read refreshes it.</summary>
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);

    private readonly SemaphoreSlim _refresh = new(1, 1);
    private readonly ConcurrentDictionary<string, (int Successes, int Failures)> _pending = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, byte> _trials = new(StringComparer.Ordinal);
    private volatile ServiceGateTable _table = new(-1, new Dictionary<string, ServiceGate>(StringComparer.Ordinal));
    private readonly ConcurrentDictionary<string, ServiceGate> _overrides = new(StringComparer.Ordinal);
    private long _refreshedAt;

    /// <summary>The gates, refreshed first when the copy is older than <see cref="RefreshInterval"/>.</summary>
    /// <returns>The gates by service name.</returns>
    public async ValueTask<IReadOnlyDictionary<string, ServiceGate>> GatesAsync()
    {
        if (time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) >= RefreshInterval)
        {
            await RefreshAsync();
        }

        if (_overrides.IsEmpty)
        {
            return _table.Gates;
        }

        var merged = new Dictionary<string, ServiceGate>(_table.Gates, StringComparer.Ordinal);
        foreach (var (name, gate) in _overrides)
        {
            merged[name] = gate;
        }

        return merged;
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
                    _overrides[service] = gate;
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
                await ReportAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task RefreshAsync()
    {
        await _refresh.WaitAsync();
        try
        {
            if (time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) < RefreshInterval)
            {
                return; // another caller refreshed meanwhile
            }

            try
            {
                if (await grains.GetGrain<IServiceGateBoardGrain>(IServiceGateBoardGrain.Key).GetAsync(_table.Version) is { } table)
                {
                    _table = table;
                    _overrides.Clear();
                }
            }
            catch (Exception ex)
            {
                // Keep the previous copy: a step whose service is unknown here calls as usual.
                LogRefreshFailed(ex);
            }

            Interlocked.Exchange(ref _refreshedAt, time.GetTimestamp());
        }
        finally
        {
            _refresh.Release();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reporting http step outcomes to service {Service} failed")]
    private partial void LogReportFailed(Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Reading the service gate board failed; keeping the previous copy")]
    private partial void LogRefreshFailed(Exception exception);
}
