using System.Text.Json;

namespace Automation.Definitions;

/// <summary>An immutable, numbered version of a workflow definition.</summary>
/// <param name="Name">The definition name.</param>
/// <param name="Version">The version number, starting at 1.</param>
/// <param name="Description">Free text.</param>
/// <param name="Steps">The steps, in document order.</param>
/// <param name="Output">Optional template rendered into the workflow output when every step has completed.</param>
/// <param name="Document">The definition exactly as it was registered.</param>
/// <param name="CreatedAt">When this version was registered.</param>
/// <param name="Signals">The signal names the workflow accepts, when the definition declares them; otherwise any name.</param>
/// <param name="Timeout">How long a workflow may run, from its creation; it fails with <c>workflow.timeout</c> after that. <see langword="null"/>: no limit.</param>
[GenerateSerializer, Immutable, Alias("automation.WorkflowDefinition")]
public sealed record WorkflowDefinition(
    [property: Id(0)] string Name,
    [property: Id(1)] int Version,
    [property: Id(2)] string? Description,
    [property: Id(3)] IReadOnlyList<StepDefinition> Steps,
    [property: Id(4)] JsonElement? Output,
    [property: Id(5)] JsonElement Document,
    [property: Id(6)] DateTimeOffset CreatedAt,
    [property: Id(7)] IReadOnlyList<string>? Signals = null,
    [property: Id(8)] TimeSpan? Timeout = null)
{
    /// <summary>Steps written inside steps (a <c>foreach</c>'s steps, each <c>parallel</c> branch), by key <c>stepId</c> or <c>stepId.branch</c>; each runs as a child workflow.</summary>
    [Id(9)] public IReadOnlyDictionary<string, WorkflowDefinition> Subflows { get; init; } = new Dictionary<string, WorkflowDefinition>();

    /// <summary>How long a finished workflow of this definition is kept before the retention job purges it (root <c>retention</c>); <see langword="null"/>: the configured default.</summary>
    [Id(10)] public TimeSpan? Retention { get; init; }

    /// <summary>Finds a subflow by its path: keys joined by <c>/</c> for subflows inside subflows.</summary>
    /// <param name="path">The path, e.g. <c>each</c> or <c>each/fan.left</c>.</param>
    /// <returns>The subflow, or <see langword="null"/>.</returns>
    public WorkflowDefinition? FindSubflow(string path)
    {
        var current = this;
        foreach (var key in path.Split('/'))
        {
            if (!current.Subflows.TryGetValue(key, out var next))
            {
                return null;
            }

            current = next;
        }

        return current;
    }

    /// <summary>Finds a step by id.</summary>
    /// <param name="stepId">The step id.</param>
    /// <returns>The step, or <see langword="null"/>.</returns>
    public StepDefinition? FindStep(string stepId) => Steps.FirstOrDefault(s => s.Id == stepId);
}
