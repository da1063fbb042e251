using System.Text.Json;
using Automation.Events;
using Automation.Workflows;

namespace Automation.Engine.Workflows;

/// <summary>Persisted state of a workflow instance. The pinned definition is referenced by name and version, not copied.</summary>
[GenerateSerializer, Alias("automation.grains.WorkflowState")]
public sealed class WorkflowState
{
    /// <summary>The definition name; empty until started.</summary>
    [Id(0)] public string Definition { get; set; } = "";

    /// <summary>The pinned definition version.</summary>
    [Id(1)] public int Version { get; set; }

    /// <summary>The workflow status.</summary>
    [Id(2)] public WorkflowStatus Status { get; set; }

    /// <summary>The start input.</summary>
    [Id(3)] public JsonElement Input { get; set; }

    /// <summary>The output once completed.</summary>
    [Id(4)] public JsonElement? Output { get; set; }

    /// <summary>The error once failed or cancelled.</summary>
    [Id(5)] public StepError? Error { get; set; }

    /// <summary>When the workflow started.</summary>
    [Id(6)] public DateTimeOffset CreatedAt { get; set; }

    /// <summary>When it reached a final status.</summary>
    [Id(7)] public DateTimeOffset? CompletedAt { get; set; }

    /// <summary>Step states by step id.</summary>
    [Id(8)] public Dictionary<string, StepState> Steps { get; set; } = [];

    /// <summary>The newest part of the ordered history; older events were moved to the history store.</summary>
    [Id(9)] public List<WorkflowEvent> History { get; set; } = [];

    /// <summary>How many events (sequences 1 to this) were moved out of <see cref="History"/> to the history store.</summary>
    [Id(10)] public long HistoryOffloaded { get; set; }

    /// <summary>The request id of the start that created the workflow, so that its retries are answered "started".</summary>
    [Id(11)] public string? CreatedByRequest { get; set; }

    /// <summary>Who started the workflow (a username or <c>apikey:ID</c>), from the start command.</summary>
    [Id(12)] public string? StartedBy { get; set; }

    /// <summary>Signals received that no step has taken yet, oldest first.</summary>
    [Id(13)] public List<PendingSignal> Signals { get; set; } = [];

    /// <summary>The latest signal requests applied (at most <see cref="MaxSignalRequests"/>), so that a retried request is not applied twice.</summary>
    [Id(14)] public List<SignalRequest> SignalRequests { get; set; } = [];

    /// <summary>The labels given at start, from the start command.</summary>
    [Id(15)] public List<string> Tags { get; set; } = [];

    /// <summary>When the current run started: the creation, or the latest retry. The workflow <c>timeout</c> counts from here.</summary>
    [Id(16)] public DateTimeOffset? RunStartedAt { get; set; }

    /// <summary>Where this child workflow reports its final status; <see langword="null"/> for a top-level workflow.</summary>
    [Id(17)] public ParentLink? Parent { get; set; }

    /// <summary>The subflow of the pinned definition this child runs (a <c>foreach</c>'s or a <c>parallel</c> branch's steps); <see langword="null"/> for the whole definition.</summary>
    [Id(18)] public string? Subflow { get; set; }

    /// <summary>The W3C <c>traceparent</c> current when the workflow started; its steps' spans join that trace.</summary>
    [Id(19)] public string? TraceParent { get; set; }

    /// <summary>
    /// How many steps have a row in the step archive (<c>IStepArchive</c>): finished steps that were left out of the
    /// stored <see cref="Steps"/> to keep each write bounded. Zero (nothing to read back) for all but long workflows.
    /// </summary>
    [Id(20)] public int StepsArchived { get; set; }

    /// <summary>How many signal request ids <see cref="SignalRequests"/> keeps.</summary>
    public const int MaxSignalRequests = 50;

    /// <summary>The length of the whole history: the last event's sequence.</summary>
    public long HistoryLength => HistoryOffloaded + History.Count;

    /// <summary>Whether the workflow was started (state exists).</summary>
    public bool Exists => Definition.Length > 0;
}
