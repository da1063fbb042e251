using System.Text.Json;

namespace Automation.Workflows;

/// <summary>The visible state of a workflow instance, as <c>GET /api/v1/workflows/{id}</c> returns it.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Definition">The definition name.</param>
/// <param name="Version">The pinned definition version.</param>
/// <param name="Status">The workflow status.</param>
/// <param name="Input">The start input.</param>
/// <param name="Output">The output once completed.</param>
/// <param name="Error">The error once failed or cancelled.</param>
/// <param name="Steps">Every step in definition order.</param>
/// <param name="CreatedAt">When the workflow was started.</param>
/// <param name="CompletedAt">When it reached a final status.</param>
[GenerateSerializer, Immutable, Alias("automation.WorkflowSnapshot")]
public sealed record WorkflowSnapshot(
    [property: Id(0)] string WorkflowId,
    [property: Id(1)] string Definition,
    [property: Id(2)] int Version,
    [property: Id(3)] WorkflowStatus Status,
    [property: Id(4)] JsonElement Input,
    [property: Id(5)] JsonElement? Output,
    [property: Id(6)] StepError? Error,
    [property: Id(7)] IReadOnlyList<StepSnapshot> Steps,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset? CompletedAt)
{
    /// <summary>Who started the workflow (a username or <c>apikey:ID</c>); <see langword="null"/> when unknown.</summary>
    [Id(10)] public string? StartedBy { get; init; }

    /// <summary>Signals received that no step has taken yet, oldest first.</summary>
    [Id(11)] public IReadOnlyList<PendingSignal> PendingSignals { get; init; } = [];

    /// <summary>The labels given at start, in the order given; empty when none.</summary>
    [Id(12)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>The parent workflow and step, for a child workflow; <see langword="null"/> otherwise.</summary>
    [Id(13)] public ParentLink? Parent { get; init; }

    /// <summary>The step of the parent's definition whose steps this child runs (a <c>foreach</c> item or a <c>parallel</c> branch); <see langword="null"/> when it runs a whole definition.</summary>
    [Id(14)] public string? Subflow { get; init; }
}
