using System.Text.Json;

namespace Automation.Workflows;

/// <summary>Asks a failed, timed-out, terminated or cancelled workflow to run again from the steps that did not complete.</summary>
/// <param name="InputPatch">A JSON Merge Patch (RFC 7396) applied to the workflow input first; <see langword="null"/> keeps the input.</param>
/// <param name="Reason">Why, recorded in the history.</param>
[GenerateSerializer, Immutable, Alias("automation.RetryWorkflowCommand")]
public sealed record RetryWorkflowCommand(
    [property: Id(0)] JsonElement? InputPatch,
    [property: Id(1)] string? Reason)
{
    /// <summary>Who asked (a username or <c>apikey:ID</c>), recorded in the history.</summary>
    [Id(2)] public string? By { get; init; }
}
