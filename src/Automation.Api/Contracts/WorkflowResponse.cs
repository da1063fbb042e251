using System.Text.Json;
using Automation.Workflows;

namespace Automation.Api.Contracts;

/// <summary>The visible state of a workflow.</summary>
/// <param name="WorkflowId">The workflow id.</param>
/// <param name="Definition">The definition name.</param>
/// <param name="Version">The pinned definition version.</param>
/// <param name="Status">The workflow status.</param>
/// <param name="Input">The start input.</param>
/// <param name="Output">The output once completed; otherwise null.</param>
/// <param name="Error">The error once failed or cancelled; otherwise null.</param>
/// <param name="Steps">Every step, in definition order.</param>
/// <param name="CreatedAt">When the workflow was started.</param>
/// <param name="CompletedAt">When it reached a final status.</param>
/// <param name="StartedBy">Who started it (a username or <c>apikey:ID</c>), when known.</param>
/// <param name="PendingSignals">Signals received that no step has taken yet, oldest first.</param>
/// <param name="Tags">The labels given at start, in the order given; empty when none.</param>
/// <param name="Parent">For a child workflow, its parent workflow, step and position; otherwise null.</param>
/// <param name="Subflow">For a child running a step's inline steps (a <c>foreach</c> item or a <c>parallel</c> branch), that step of the parent's definition; otherwise null.</param>
public sealed record WorkflowResponse(
    string WorkflowId,
    string Definition,
    int Version,
    WorkflowStatus Status,
    JsonElement Input,
    JsonElement? Output,
    ErrorInfo? Error,
    IReadOnlyList<StepResponse> Steps,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    string? StartedBy,
    IReadOnlyList<PendingSignalResponse> PendingSignals,
    IReadOnlyList<string> Tags,
    ParentLinkResponse? Parent,
    string? Subflow)
{
    /// <summary>Maps a grain snapshot.</summary>
    /// <param name="snapshot">The snapshot.</param>
    /// <returns>The response.</returns>
    public static WorkflowResponse From(WorkflowSnapshot snapshot) => new(
        snapshot.WorkflowId, snapshot.Definition, snapshot.Version, snapshot.Status, snapshot.Input, snapshot.Output,
        snapshot.Error is null ? null : ErrorInfo.From(snapshot.Error), [.. snapshot.Steps.Select(StepResponse.From)],
        snapshot.CreatedAt, snapshot.CompletedAt, snapshot.StartedBy, [.. snapshot.PendingSignals.Select(PendingSignalResponse.From)],
        snapshot.Tags, snapshot.Parent is null ? null : ParentLinkResponse.From(snapshot.Parent), snapshot.Subflow);
}
