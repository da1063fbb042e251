using System.Text.Json;

namespace Automation.Definitions;

/// <summary>One node of a workflow DAG.</summary>
/// <param name="Id">Unique step id within the definition.</param>
/// <param name="Type">Handler type: <c>http</c>, <c>delay</c> or <c>transform</c>.</param>
/// <param name="DependsOn">Ids of the steps that must complete before this one starts.</param>
/// <param name="With">Handler arguments; strings may contain <c>{{ }}</c> templates.</param>
/// <param name="Retry">The effective retry policy (step value merged over the definition's defaults).</param>
/// <param name="Timeout">The effective per-attempt timeout.</param>
/// <param name="When">The step's condition (a template that renders <c>true</c> or <c>false</c>), if any.</param>
/// <param name="DeclaredTimeout">The step's own <c>timeout</c> (not inherited from the defaults); a <c>wait</c> step times out only with one.</param>
/// <param name="OnTimeout">What a <c>wait</c> step does when it times out: <c>{ "fail": true }</c> or <c>{ "output": ... }</c>.</param>
[GenerateSerializer, Immutable, Alias("automation.StepDefinition")]
public sealed record StepDefinition(
    [property: Id(0)] string Id,
    [property: Id(1)] string Type,
    [property: Id(2)] IReadOnlyList<string> DependsOn,
    [property: Id(3)] JsonElement With,
    [property: Id(4)] RetryPolicy Retry,
    [property: Id(5)] TimeSpan Timeout,
    [property: Id(6)] string? When = null,
    [property: Id(7)] TimeSpan? DeclaredTimeout = null,
    [property: Id(8)] JsonElement? OnTimeout = null)
{
    /// <summary>The priority and deadlines of an <c>agent</c> step; <see langword="null"/> for other kinds.</summary>
    [Id(9)] public AgentStepOptions? Agent { get; init; }
}
