using System.Text.Json;

namespace Automation.Workflows;

/// <summary>Asks a workflow grain to start.</summary>
/// <param name="Definition">The definition name.</param>
/// <param name="Version">The version to pin, or <see langword="null"/> for the latest.</param>
/// <param name="Input">The workflow input (any JSON; <c>{}</c> when omitted).</param>
[GenerateSerializer, Immutable, Alias("automation.StartWorkflowCommand")]
public sealed record StartWorkflowCommand(
    [property: Id(0)] string Definition,
    [property: Id(1)] int? Version,
    [property: Id(2)] JsonElement Input)
{
    /// <summary>
    /// Identifies the request that sends this command. A retried start with the same request id that finds the
    /// workflow it created itself is answered <see cref="StartWorkflowOutcome.Started"/>, not
    /// <see cref="StartWorkflowOutcome.AlreadyExists"/>. <see langword="null"/> when the caller does not retry.
    /// </summary>
    [Id(3)] public string? RequestId { get; init; }

    /// <summary>Who started the workflow (a username or <c>apikey:ID</c>), recorded on it; <see langword="null"/> when unknown.</summary>
    [Id(4)] public string? StartedBy { get; init; }

    /// <summary>Labels recorded on the workflow for filtering listings (0–20 distinct, validated by the API); empty by default.</summary>
    [Id(5)] public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Set when a parent workflow's step starts this workflow as its child: the child reports its final status there.</summary>
    [Id(6)] public ParentLink? Parent { get; init; }

    /// <summary>For a child of a <c>foreach</c> or <c>parallel</c> step: run the steps of that step of the parent's pinned definition (<see cref="Definition"/> and <see cref="Version"/> name the parent's), not the whole definition.</summary>
    [Id(7)] public string? Subflow { get; init; }

    /// <summary>
    /// The caller needs the outcome, status and definition only (<see cref="StartWorkflowResult.Status"/>,
    /// <see cref="StartWorkflowResult.Definition"/>): the answer carries no <see cref="StartWorkflowResult.Snapshot"/>,
    /// the largest part of a start's round trip. A silo that predates this field answers with the snapshot anyway.
    /// </summary>
    [Id(8)] public bool Brief { get; init; }
}
