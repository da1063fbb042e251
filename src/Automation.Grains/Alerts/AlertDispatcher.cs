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
/// Sends messages about alerts through the notification channels, reusing the <c>notify</c> step's handler (signed
/// webhook, Slack, email), so channels behave exactly as in workflows. Each message to each channel runs on its own
/// task off the alert manager's turn, retries retryable failures with exponential back-off, and is recorded on the
/// alert once its last attempt ends: a slow or failing channel never holds up another channel or alert.
/// </summary>
internal sealed partial class AlertDispatcher(
    IEnumerable<IStepHandler> handlers,
    IServiceProvider services,
    IOptions<AlertOptions> options,
    AlertMetrics metrics,
    TimeProvider time,
    ILogger<AlertDispatcher> logger)
{
    private readonly IStepHandler _notify = handlers.First(h => h.Type == "notify");

    /// <summary>Starts sending one message about <paramref name="alert"/> to each of <paramref name="channels"/>; returns at once.</summary>
    /// <param name="alert">The alert, as stored after the change the message reports.</param>
    /// <param name="kind">One of <see cref="AlertDeliveryKinds"/>.</param>
    /// <param name="channels">The channels.</param>
    /// <param name="template">A stored template to render with, or <see langword="null"/> for the built-in text.</param>
    public void Dispatch(Alert alert, string kind, IReadOnlyList<string> channels, string? template)
    {
        foreach (var channel in channels.Distinct(StringComparer.Ordinal))
        {
            // Task.Run leaves the grain's scheduler: the retries' waits never occupy the alert manager.
            _ = Task.Run(async () =>
            {
                try
                {
                    await DeliverAsync(alert, kind, channel, template);
                }
                catch (Exception ex)
                {
                    LogDeliveryCrashed(ex, alert.Id, channel);
                }
            });
        }
    }

    private async Task DeliverAsync(Alert alert, string kind, string channel, string? template)
    {
        var o = options.Value;
        var with = With(alert, kind, channel, template);
        var type = await ChannelTypeAsync(channel);
        var attempt = 0;
        string? error = null;
        var delivered = false;
        while (attempt < o.DeliveryAttempts)
        {
            attempt++;
            StepResult result;
            using (var timeout = new CancellationTokenSource(o.AttemptTimeout))
            {
                try
                {
                    // The envelope of a webhook delivery carries workflowId "alert-<id>" and stepId "<kind>", so its
                    // Idempotency-Key is "alert-<id>:<kind>:<attempt>".
                    result = await _notify.ExecuteAsync(new StepContext("alert-" + alert.Id, kind, attempt, with, time.GetUtcNow()), timeout.Token);
                }
                catch (OperationCanceledException)
                {
                    result = StepResult.Failure("timeout", $"Channel '{channel}': the attempt took longer than {o.AttemptTimeout}.", retryable: true);
                }
            }

            if (result.Error is null)
            {
                delivered = true;
                error = null;
                break;
            }

            error = result.Error.Message;
            if (!result.Error.Retryable || attempt >= o.DeliveryAttempts)
            {
                break;
            }

            LogRetry(alert.Id, channel, attempt, error);
            await Task.Delay(DeliveryBackoff.Delay(attempt, o.DeliveryBackoff, o.MaxDeliveryBackoff), time);
        }

        var outcome = delivered ? AlertDelivery.Delivered : AlertDelivery.Failed;
        metrics.Delivered(type, outcome);
        if (!delivered)
        {
            LogFailed(alert.Id, channel, kind, attempt, error);
        }

        try
        {
            await Store.AddDeliveryAsync(alert.Id, new AlertDelivery(channel, kind, time.GetUtcNow(), outcome, attempt, error));
        }
        catch (Exception ex)
        {
            LogRecordFailed(ex, alert.Id, channel);
        }
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId}: recording the delivery to channel {Channel} failed")]
    private partial void LogRecordFailed(Exception exception, string alertId, string channel);
}
