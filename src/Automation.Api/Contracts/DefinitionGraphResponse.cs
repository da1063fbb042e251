using Automation.Definitions;

namespace Automation.Api.Contracts;

/// <summary>A definition's steps as a graph: nodes with their dependencies, in document order.</summary>
/// <param name="Steps">The top-level steps (the steps inside a <c>foreach</c> or <c>parallel</c> run as child workflows of that step).</param>
public sealed record DefinitionGraphResponse(IReadOnlyList<DefinitionGraphStep> Steps)
{
    /// <summary>Maps a parsed definition.</summary>
    /// <param name="definition">The definition.</param>
    /// <returns>The graph.</returns>
    public static DefinitionGraphResponse From(WorkflowDefinition definition) =>
        new([.. definition.Steps.Select(s => new DefinitionGraphStep(s.Id, s.Type, s.DependsOn, s.When))]);
}
