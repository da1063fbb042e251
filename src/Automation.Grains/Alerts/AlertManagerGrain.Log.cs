using Automation.Alerts;
using Automation.Engine.Alerts;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Alerts;

internal sealed partial class AlertManagerGrain
{
    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} raised ({Key}, {Severity})")]
    private partial void LogRaised(string alertId, string key, AlertSeverity severity);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} acknowledged by {Actor}")]
    private partial void LogAcknowledged(string alertId, string actor);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert {AlertId} resolved by {Actor}")]
    private partial void LogResolved(string alertId, string actor);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert {AlertId} escalated: unacknowledged for {After}")]
    private partial void LogEscalated(string alertId, TimeSpan after);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service} is failing in a maintenance window: its alert is suppressed")]
    private partial void LogSuppressed(string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconcile: service {Service} needs {Action}")]
    private partial void LogReconciled(string service, ServiceAlertAction action);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert reconcile failed; the next reminder tries again")]
    private partial void LogReconcileFailed(Exception exception);
}
