using System.Diagnostics.Metrics;

namespace Automation.Grains.Diagnostics;

/// <summary>
/// Automation's own meter: workflow and step counters, workflow and step durations. Exported as
/// <c>automation_workflows_{started,completed,failed,cancelled}_total{definition}</c>,
/// <c>automation_workflow_duration_seconds{definition,status}</c>, <c>automation_step_attempts_total{type,outcome}</c> and
/// <c>automation_step_duration_seconds{type,outcome}</c> and <c>automation_workflow_timer_lag_seconds</c>. Labels take bounded values only (definition names, step types),
/// never a workflow id.
/// </summary>
public sealed class AutomationMetrics : IDisposable
{
    /// <summary>The meter name to export.</summary>
    public const string MeterName = "Automation";

    private readonly Meter _meter;
    private readonly Counter<long> _started;
    private readonly Counter<long> _completed;
    private readonly Counter<long> _failed;
    private readonly Counter<long> _cancelled;
    private readonly Counter<long> _attempts;
    private readonly Histogram<double> _stepDuration;
    private readonly Histogram<double> _workflowDuration;
    private readonly Histogram<double> _timerLag;

    /// <summary>Histogram buckets in seconds, from 5 ms to 1 h: steps and workflows run from milliseconds to hours.</summary>
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300, 900, 3600];

    /// <summary>Creates the instruments.</summary>
    /// <param name="meterFactory">The host's meter factory.</param>
    public AutomationMetrics(IMeterFactory meterFactory)
    {
        _meter = meterFactory.Create(MeterName);
        _started = _meter.CreateCounter<long>("automation.workflows.started", description: "Workflows started, by definition.");
        _completed = _meter.CreateCounter<long>("automation.workflows.completed", description: "Workflows completed, by definition.");
        _failed = _meter.CreateCounter<long>("automation.workflows.failed", description: "Workflows failed, by definition.");
        _cancelled = _meter.CreateCounter<long>("automation.workflows.cancelled", description: "Workflows cancelled, by definition.");
        _attempts = _meter.CreateCounter<long>("automation.step.attempts", description: "Step attempts, by step type and outcome.");
        _stepDuration = _meter.CreateHistogram<double>("automation.step.duration", unit: "s", description: "Step duration from dispatch to final status, by step type and outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
        _timerLag = _meter.CreateHistogram<double>("automation.workflow.timer.lag", unit: "s", description: "How late workflow due timers (retries, delays, waits, timeouts) fired after their due time.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 2.5, 5, 10, 30, 60] });
        _workflowDuration = _meter.CreateHistogram<double>("automation.workflow.duration", unit: "s", description: "Workflow duration from start to final status, by definition and status.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = DurationBuckets });
    }

    /// <summary>Counts a started workflow.</summary>
    /// <param name="definition">The definition name.</param>
    public void WorkflowStarted(string definition) => _started.Add(1, new KeyValuePair<string, object?>("definition", definition));

    /// <summary>Counts a workflow reaching a final status.</summary>
    /// <param name="definition">The definition name.</param>
    /// <param name="status">Completed, Failed or Cancelled.</param>
    /// <param name="duration">From start (of this run) to final status.</param>
    public void WorkflowFinished(string definition, Automation.Workflows.WorkflowStatus status, TimeSpan duration)
    {
        var tag = new KeyValuePair<string, object?>("definition", definition);
        _workflowDuration.Record(Math.Max(0, duration.TotalSeconds), tag, new KeyValuePair<string, object?>("status", status.ToString().ToLowerInvariant()));
        switch (status)
        {
            case Automation.Workflows.WorkflowStatus.Completed:
                _completed.Add(1, tag);
                break;
            case Automation.Workflows.WorkflowStatus.Failed:
                _failed.Add(1, tag);
                break;
            case Automation.Workflows.WorkflowStatus.Cancelled:
                _cancelled.Add(1, tag);
                break;
        }
    }

    /// <summary>Counts one attempt.</summary>
    /// <param name="type">The step type.</param>
    /// <param name="outcome">success, retry or failure.</param>
    public void Attempt(string type, string outcome) =>
        _attempts.Add(1, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records a step's duration.</summary>
    /// <param name="type">The step type.</param>
    /// <param name="outcome">completed or failed.</param>
    /// <param name="duration">From dispatch to final status.</param>
    public void StepFinished(string type, string outcome, TimeSpan duration) =>
        _stepDuration.Record(Math.Max(0, duration.TotalSeconds), new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records how late a workflow's due timer fired.</summary>
    /// <param name="late">From the due time to the timer's turn.</param>
    public void TimerFired(TimeSpan late) => _timerLag.Record(late.TotalSeconds);

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
