using System.Text.Json;
using Automation.Alerts;
using Automation.Engine.Alerts;
using Automation.Engine.Execution;
using Automation.Grains.Diagnostics;
using Automation.Grains.Hosting;
using Automation.Notifications;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Automation.Grains.Alerts;

/// <summary>
/// Sends messages about alerts from the durable outbox (<see cref="IAlertStore.EnqueueDeliveriesAsync"/>) through the
/// notification channels, reusing the <c>notify</c> step's handler (signed webhook, Slack, email), so channels behave
/// exactly as in workflows. A pump, started by the alert manager (on each change, its escalation timer and its
/// reminder), claims due messages and runs each attempt on its own task off the manager's turn: a slow or failing
/// channel never holds up another channel or alert. At most <see cref="MaxInFlight"/> attempts run at once per silo,
/// and the pump claims only as many messages as there are free slots: a backlog is worked through at that pace
/// instead of launching thousands of sends (and database connections) at once, and a message's attempt count goes up
/// only when its attempt starts. A retryable failure is due again after an exponential back-off;
/// every attempt of a message sends the same <c>Idempotency-Key</c>, <c>alert-{id}:{kind}:{channel}</c>.
/// </summary>
internal sealed partial class AlertDispatcher(
    IEnumerable<IStepHandler> handlers,
    IServiceProvider services,
    IOptions<AlertOptions> options,
    AlertMetrics metrics,
    TimeProvider time,
    ILogger<AlertDispatcher> logger)
{
    /// <summary>The most attempts running at once on a silo.</summary>
    internal const int MaxInFlight = 16;

    private readonly IStepHandler _notify = handlers.First(h => h.Type == "notify");
    private readonly SemaphoreSlim _slots = new(MaxInFlight, MaxInFlight);
    private int _pumping;

    /// <summary>Starts a pass over the due messages unless one is running; returns at once.</summary>
    public void Pump()
    {
        if (Interlocked.Exchange(ref _pumping, 1) == 1)
        {
            return;
        }

        // Task.Run leaves the grain's scheduler: claiming and sending never occupy the alert manager.
        _ = Task.Run(async () =>
        {
            try
            {
                await PumpAsync();
            }
            catch (Exception ex)
            {
                LogPumpFailed(ex);
            }
            finally
            {
                Volatile.Write(ref _pumping, 0);
            }
        });
    }

    private async Task PumpAsync()
    {
        var o = options.Value;
        while (true)
        {
            // Wait for a free slot, then take every other free one: the claim is as large as what can start now.
            await _slots.WaitAsync();
            var free = 1;
            while (free < MaxInFlight && _slots.Wait(0))
            {
                free++;
            }

            IReadOnlyList<PendingAlertDelivery> due;
            try
            {
                var now = time.GetUtcNow();
                // The lease outlasts an attempt: a message is never claimed again while its attempt may still be running.
                due = await Store.ClaimDueDeliveriesAsync(now, now + o.AttemptTimeout + o.AttemptTimeout, o.DeliveryAttempts, free);
            }
            catch
            {
                _slots.Release(free);
                throw;
            }

            if (free > due.Count)
            {
                _slots.Release(free - due.Count);
            }

            foreach (var delivery in due)
            {
                _ = Task.Run(async () =>
                {
                    try
                    {
                        await AttemptAsync(delivery);
                    }
                    catch (Exception ex)
                    {
                        // The lease ends and the message is claimed again.
                        LogDeliveryCrashed(ex, delivery.AlertId, delivery.Channel);
                    }
                    finally
                    {
                        _slots.Release();
                    }
                });
            }

            if (due.Count < free)
            {
                return;
            }
        }
    }

    private async Task AttemptAsync(PendingAlertDelivery delivery)
    {
        var o = options.Value;
        var alert = await Store.GetAsync(delivery.AlertId);
        if (alert is null)
        {
            await Store.RecordAttemptAsync(delivery, AlertDelivery.Failed, "the alert no longer exists", time.GetUtcNow(), null);
            return;
        }

        var with = With(alert, delivery.Kind, delivery.Channel, delivery.Template);
        StepResult result;
        using (var timeout = new CancellationTokenSource(o.AttemptTimeout))
        {
            try
            {
                // The envelope of a webhook delivery carries workflowId "alert-<id>" and stepId "<kind>".
                var context = new StepContext("alert-" + alert.Id, delivery.Kind, delivery.Attempt, with, time.GetUtcNow()) { IdempotencyKey = delivery.Key };
                result = await _notify.ExecuteAsync(context, timeout.Token);
            }
            catch (OperationCanceledException)
            {
                result = StepResult.Failure("timeout", $"Channel '{delivery.Channel}': the attempt took longer than {o.AttemptTimeout}.", retryable: true);
            }
        }

        var now = time.GetUtcNow();
        if (result.Error is null)
        {
            await Store.RecordAttemptAsync(delivery, AlertDelivery.Delivered, null, now, null);
            metrics.Delivered(await ChannelTypeAsync(delivery.Channel), AlertDelivery.Delivered);
            return;
        }

        var error = result.Error.Message;
        if (result.Error.Retryable && delivery.Attempt < o.DeliveryAttempts)
        {
            LogRetry(alert.Id, delivery.Channel, delivery.Attempt, error);
            var next = now + DeliveryBackoff.Delay(delivery.Attempt, o.DeliveryBackoff, o.MaxDeliveryBackoff);
            await Store.RecordAttemptAsync(delivery, AlertDelivery.Pending, error, now, next);
            return;
        }

        await Store.RecordAttemptAsync(delivery, AlertDelivery.Failed, error, now, null);
        metrics.Delivered(await ChannelTypeAsync(delivery.Channel), AlertDelivery.Failed);
        LogFailed(alert.Id, delivery.Channel, delivery.Kind, delivery.Attempt, error);
    }

    private IAlertStore Store => services.GetRequiredService<IAlertStore>();

    private static JsonElement With(Alert alert, string kind, string channel, string? template)
    {
        var data = AlertMessage.Model(alert, kind);
        return template is null
            ? JsonSerializer.SerializeToElement(new { channel, subject = AlertMessage.Subject(alert, kind), body = AlertMessage.Body(alert, kind), data })
            : JsonSerializer.SerializeToElement(new { channel, template, data });
    }

    private async Task<string> ChannelTypeAsync(string channel)
    {
        try
        {
            return services.GetService<INotificationChannelStore>() is { } store && await store.GetAsync(channel) is { } c ? c.Metadata.Type : "unknown";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return "unknown";
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId}: channel {Channel} attempt {Attempt} failed, retrying: {Error}")]
    private partial void LogRetry(string alertId, string channel, int attempt, string? error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId}: the {Kind} message to channel {Channel} failed after {Attempts} attempt(s): {Error}")]
    private partial void LogFailed(string alertId, string channel, string kind, int attempts, string? error);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert {AlertId}: delivering to channel {Channel} failed unexpectedly")]
    private partial void LogDeliveryCrashed(Exception exception, string alertId, string channel);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert deliveries: claiming due messages failed")]
    private partial void LogPumpFailed(Exception exception);
}
