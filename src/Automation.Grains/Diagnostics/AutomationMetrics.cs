using System.Diagnostics.Metrics;

namespace Automation.Grains.Diagnostics;

/// <summary>Automation's own meter: workflow and step counters and step durations.</summary>
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
        _stepDuration = _meter.CreateHistogram<double>("automation.step.duration", unit: "ms", description: "Step duration from dispatch to final status, by step type and outcome.");
    }

    /// <summary>Counts a started workflow.</summary>
    /// <param name="definition">The definition name.</param>
    public void WorkflowStarted(string definition) => _started.Add(1, new KeyValuePair<string, object?>("definition", definition));

    /// <summary>Counts a workflow reaching a final status.</summary>
    /// <param name="definition">The definition name.</param>
    /// <param name="status">Completed, Failed or Cancelled.</param>
    public void WorkflowFinished(string definition, Automation.Workflows.WorkflowStatus status)
    {
        var tag = new KeyValuePair<string, object?>("definition", definition);
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
        _stepDuration.Record(duration.TotalMilliseconds, new KeyValuePair<string, object?>("type", type), new KeyValuePair<string, object?>("outcome", outcome));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
