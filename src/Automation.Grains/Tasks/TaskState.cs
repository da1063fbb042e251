using System.Text.Json;
using Automation.Workflows;

namespace Automation.Grains.Tasks;

/// <summary>
/// Persisted state of a task grain. Written only when an attempt finishes (a retry is scheduled, or the final
/// result is known), so a step that succeeds first time costs one write here.
/// </summary>
[GenerateSerializer, Alias("automation.grains.TaskState")]
public sealed class TaskState
{
    /// <summary>The lifecycle phase.</summary>
    [Id(0)] public TaskPhase Phase { get; set; }

    /// <summary>Attempts that have finished.</summary>
    [Id(1)] public int AttemptsFinished { get; set; }

    /// <summary>When the next attempt may start, while retrying.</summary>
    [Id(2)] public DateTimeOffset? NextAttemptAt { get; set; }

    /// <summary>The output once completed.</summary>
    [Id(3)] public JsonElement? Output { get; set; }

    /// <summary>The last error.</summary>
    [Id(4)] public StepError? Error { get; set; }

    /// <summary>When the last finished attempt started.</summary>
    [Id(5)] public DateTimeOffset? LastStartedAt { get; set; }

    /// <summary>When the last finished attempt finished.</summary>
    [Id(6)] public DateTimeOffset? LastFinishedAt { get; set; }
}
