using System.Xml;
using Automation.Agent.Protocol;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Agent;

/// <summary>
/// The agent: registers, long-polls while it has free slots (asking for at most that many tasks), runs each task's
/// handler with heartbeats, and reports. On shutdown it stops polling, lets running handlers finish for
/// <see cref="AgentOptions.DrainTimeout"/>, then cancels them without reporting (the server re-queues their tasks).
/// </summary>
internal sealed partial class AgentService(
    AgentApiClient client, AgentHandlerRegistry handlers, IOptions<AgentOptions> options, TimeProvider time, ILogger<AgentService> logger)
    : BackgroundService
{
    private static readonly TimeSpan DefaultHeartbeatInterval = TimeSpan.FromSeconds(10);
    private readonly AgentOptions _options = options.Value;
    /// <summary>The most tasks one poll may ask for (the server refuses more).</summary>
    private const int MaxPollTasks = 100;

    private readonly AgentSlots _slots = new(options.Value.MaxConcurrency);
    // Cancelled when the drain timeout passes; never disposed, as abandoned handlers may still read its token.
    private readonly CancellationTokenSource _abandon = new();
    private string _agentId = "";
    private TimeSpan _heartbeatInterval = DefaultHeartbeatInterval;

    /// <summary>The slots, for tests of the concurrency accounting.</summary>
    internal AgentSlots Slots => _slots;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await RegisterAsync(stoppingToken);
            await PollLoopAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down: drain below.
        }

        await DrainAsync();
    }

    private async Task RegisterAsync(CancellationToken cancellationToken)
    {
        var request = new RegisterAgentRequest(_options.Name, handlers.Capabilities, _options.MaxConcurrency, _options.Labels);
        while (true)
        {
            try
            {
                var registered = await client.RegisterAsync(request, cancellationToken);
                _agentId = registered.AgentId;
                _heartbeatInterval = HeartbeatInterval(registered);
                LogRegistered(_agentId, string.Join(", ", handlers.Capabilities), _heartbeatInterval);
                return;
            }
            catch (Exception e) when (IsTransient(e, cancellationToken))
            {
                LogServerUnreachable(e, "register", _options.ReconnectDelay);
                await Task.Delay(_options.ReconnectDelay, time, cancellationToken);
            }
        }
    }

    private async Task PollLoopAsync(CancellationToken stoppingToken)
    {
        var waitSeconds = (int)Math.Round(_options.PollWait.TotalSeconds);
        while (!stoppingToken.IsCancellationRequested)
        {
            await _slots.WaitForFreeAsync(stoppingToken);
            PollOutcome outcome;
            try
            {
                outcome = await client.PollAsync(_agentId, Math.Min(_slots.Free, MaxPollTasks), waitSeconds, stoppingToken);
            }
            catch (Exception e) when (IsTransient(e, stoppingToken))
            {
                LogServerUnreachable(e, "poll", _options.ReconnectDelay);
                await Task.Delay(_options.ReconnectDelay, time, stoppingToken);
                continue;
            }

            switch (outcome.Status)
            {
                case PollStatus.UnknownAgent:
                    LogUnknownAgent(_agentId);
                    await RegisterAsync(stoppingToken);
                    break;
                case PollStatus.Draining:
                    // Drained by DELETE /agents/{id}: no new tasks, but the held ones still run and report.
                    LogDraining(_agentId);
                    await _slots.WaitForIdleAsync(stoppingToken);
                    return;
                case PollStatus.Tasks:
                    foreach (var task in outcome.Tasks)
                    {
                        Start(task);
                    }

                    break;
            }
        }
    }

    private void Start(LeasedTask task)
    {
        _slots.Acquire();
        var agentId = _agentId;
        // Not awaited: the slots track it, and RunAsync never throws.
        _ = Task.Run(() => RunAsync(task, agentId));
    }

    private async Task DrainAsync()
    {
        var running = _slots.InUse;
        var clean = true;
        if (running > 0)
        {
            LogDrainingHandlers(running, _options.DrainTimeout);
            try
            {
                await _slots.WaitForIdleAsync(CancellationToken.None).WaitAsync(_options.DrainTimeout, time);
            }
            catch (TimeoutException)
            {
                clean = false;
                LogAbandoning(_slots.InUse);
                await _abandon.CancelAsync();
                try
                {
                    // Give cancelled handlers a moment to unwind; one that ignores its token is left behind.
                    await _slots.WaitForIdleAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(5), time);
                }
                catch (TimeoutException)
                {
                    LogHandlersIgnoreCancellation(_slots.InUse);
                }
            }
        }

        if (clean && _agentId.Length > 0)
        {
            // Tell the server this agent is gone, so that it is not listed as unhealthy. Best effort.
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5), time);
                await client.DeleteAsync(_agentId, timeout.Token);
            }
            catch (Exception e) when (e is HttpRequestException or AgentServerException or OperationCanceledException)
            {
                LogDeregisterFailed(e, _agentId);
            }
        }
    }

    private bool IsTransient(Exception e, CancellationToken cancellationToken) => e switch
    {
        OperationCanceledException => !cancellationToken.IsCancellationRequested,
        HttpRequestException => true,
        AgentServerException server => server.IsTransient,
        Polly.Timeout.TimeoutRejectedException => true,
        _ => false,
    };

    private static TimeSpan HeartbeatInterval(RegisterAgentResponse registered)
    {
        if (registered.HeartbeatIntervalSeconds is double seconds && seconds > 0)
        {
            return TimeSpan.FromSeconds(seconds);
        }

        try
        {
            return registered.HeartbeatInterval is { Length: > 0 } iso ? XmlConvert.ToTimeSpan(iso) : DefaultHeartbeatInterval;
        }
        catch (FormatException)
        {
            return DefaultHeartbeatInterval;
        }
    }
}
