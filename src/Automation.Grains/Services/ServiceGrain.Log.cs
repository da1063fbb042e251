using Automation.Services;
using Microsoft.Extensions.Logging;

namespace Automation.Grains.Services;

internal sealed partial class ServiceGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service} put (created: {Created}): {Type} probe every {Interval}")]
    private partial void LogPut(string service, bool created, ProbeType type, TimeSpan interval);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service} deleted")]
    private partial void LogDeleted(string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service}: {From} → {To} ({Reason})")]
    private partial void LogTransition(string service, ServiceStatus from, ServiceStatus to, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Service {Service}: a probe is still running at the next tick; the tick is skipped")]
    private partial void LogProbeOverlap(string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: applying a probe result failed")]
    private partial void LogProbeFailed(Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: a state write failed; the next write carries the change")]
    private partial void LogWriteFailed(Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: the transition sink failed for the transition to {To}")]
    private partial void LogSinkFailed(Exception exception, string service, ServiceStatus to);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: reminder update failed")]
    private partial void LogReminderFailed(Exception exception, string service);

    [LoggerMessage(Level = LogLevel.Information, Message = "Service {Service}: circuit breaker {State} after {Successes} answered and {Failures} failed calls")]
    private partial void LogBreaker(string service, BreakerState state, int successes, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: pushing its gate to the gate board failed; retried at the next probe")]
    private partial void LogGatePushFailed(Exception exception, string service);
    [LoggerMessage(Level = LogLevel.Warning, Message = "Service {Service}: undoing the registry entry of a failed registration failed (the service's reminder retries it)")]
    private partial void LogRegistryRestoreFailed(Exception exception, string service);
}
